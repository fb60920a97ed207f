import Router from '@koa/router';
import type { MockCore } from '../../core.js';
import type { DeliveryFilter } from '../../delivery/delivery-queue.js';
import { DELIVERY_STATES, type DeliveryState, isFinal } from '../../delivery/delivery-record.js';
import { verifyCallback } from '../../delivery/verify-callback.js';
import { os1Error } from '../../errors.js';
import type {
  AdminClockAdvance,
  AdminTenantSecret,
  AdminVerifyRequest,
  Os1Service,
} from '../../generated/contracts.js';
import { adminOpenApi } from '../admin-openapi.js';
import type { AppContext, AppState } from '../context.js';
import { adminQuery, noBody, tenantParam } from './admin-params.js';
import { validBody } from './shared.js';

const SERVICES: readonly Os1Service[] = ['Participant', 'Container', 'Entity'];
const WHSEC = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/** The list filters, shared by GET /deliveries and the bulk redeliver. */
const DELIVERY_FILTERS = ['state', 'tenant', 'service', 'eventType', 'url', 'eventId'] as const;

function deliveryFilter(ctx: AppContext): DeliveryFilter {
  const query = adminQuery(ctx, DELIVERY_FILTERS);
  return {
    state: query.oneOf<DeliveryState>('state', DELIVERY_STATES),
    tenantId: query.text('tenant'),
    service: query.oneOf('service', SERVICES),
    eventType: query.text('eventType'),
    url: query.text('url'),
    eventId: query.text('eventId'),
  };
}

function deliveryOr404(core: MockCore, id: string) {
  const record = core.deliveries.get(id);
  if (!record) {
    throw os1Error(
      'DELIVERY_NOT_FOUND',
      `No delivery has id ${id}; list them with GET /__admin/deliveries (finished ones are kept up to callbacks.retainFinished).`,
      { id },
    );
  }
  return record;
}

/**
 * The mock's own API under /__admin: health, the delivery log and redelivery, the request log,
 * tenant secrets, callback verification, the virtual clock and reset. Documented by
 * GET /__admin/openapi.json (http/admin-openapi.ts), which a test keeps in step with these routes.
 */
export function adminRoutes(core: MockCore): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/__admin' });

  router.get('/health', (ctx) => {
    ctx.body = {
      status: 'ok',
      clock: core.clock.kind,
      now: core.clock.now(),
      pendingCallbacks: core.pendingCallbacks(),
      maxPending: core.backlog.max,
      refusedRequests: core.backlog.refused,
      storedObjects: core.store.capacity.stored,
      evictedObjects: core.store.capacity.evicted,
    };
  });

  router.get('/openapi.json', (ctx) => {
    ctx.body = adminOpenApi();
  });

  router.get('/deliveries', (ctx) => {
    const deliveries = core.deliveries.list(deliveryFilter(ctx));
    ctx.body = { deliveries, total: deliveries.length };
  });

  router.post('/deliveries/redeliver', (ctx) => {
    const { state, ...filter } = deliveryFilter(ctx);
    noBody(ctx, 'Filters go in the query string: POST /__admin/deliveries/redeliver?tenant=…');
    if (state !== undefined && state !== 'dead') {
      throw os1Error(
        'INVALID_QUERY',
        'The bulk redeliver sends dead deliveries again: leave out state or pass state=dead. Redeliver a delivered one by id with POST /__admin/deliveries/{id}/redeliver.',
        { parameter: 'state' },
      );
    }
    const deliveries = core.deliveries.redeliverDead(filter);
    ctx.status = 202;
    ctx.body = { redelivered: deliveries.length, deliveries: deliveries.map(({ id }) => id) };
  });

  router.get('/deliveries/:id', (ctx) => {
    ctx.body = deliveryOr404(core, ctx.params.id);
  });

  router.post('/deliveries/:id/redeliver', (ctx) => {
    const record = deliveryOr404(core, ctx.params.id);
    if (!isFinal(record.state)) {
      throw os1Error(
        'DELIVERY_IN_PROGRESS',
        `Delivery ${record.id} is ${record.state}; redeliver it once it is delivered or dead (wait with GET /__admin/deliveries/${record.id}).`,
        { id: record.id, state: record.state },
      );
    }
    ctx.status = 202;
    ctx.body = core.deliveries.redeliver(record.id);
  });

  router.get('/requests', (ctx) => {
    const query = adminQuery(ctx, ['tenant', 'method', 'status', 'limit']);
    const matches = core.requests.list({
      tenantId: query.text('tenant'),
      method: query.text('method'),
      status: query.integer('status', 100, 599),
    });
    const limit = query.integer('limit', 1, core.requests.capacity);
    const requests = limit === undefined ? matches : matches.slice(-limit);
    ctx.body = {
      requests,
      total: matches.length,
      received: core.requests.total,
      capacity: core.requests.capacity,
    };
  });

  router.get('/tenants/:tid/secret', (ctx) => {
    ctx.body = core.signing.view(tenantParam(ctx));
  });

  router.put('/tenants/:tid/secret', (ctx) => {
    const tenantId = tenantParam(ctx);
    const body = validBody<AdminTenantSecret>(ctx, 'admin-tenant-secret.json');
    if (body.secret.startsWith('whsec_') && !WHSEC.test(body.secret)) {
      throw os1Error(
        'VALIDATION_FAILED',
        'Invalid request body: secret starts with whsec_, so the rest must be the key in base64 (as Standard Webhooks secrets are). Drop the prefix to use the text itself.',
        { field: 'secret', rule: 'whsec', schema: 'admin-tenant-secret.json' },
      );
    }
    core.signing.setTenantSecret(tenantId, body.secret, body.graceMs ?? 0);
    if (body.scheme !== undefined) core.signing.setTenantScheme(tenantId, body.scheme);
    ctx.body = core.signing.view(tenantId);
  });

  router.delete('/tenants/:tid/secret', (ctx) => {
    const tenantId = tenantParam(ctx);
    if (!core.signing.deleteTenantSecret(tenantId)) {
      throw os1Error(
        'TENANT_SECRET_NOT_FOUND',
        `Tenant ${tenantId} has no registered secret; its callbacks are signed with the server's. Register one with PUT /__admin/tenants/${tenantId}/secret.`,
        { tenantId },
      );
    }
    ctx.body = core.signing.view(tenantId);
  });

  router.post('/verify', (ctx) => {
    const body = validBody<AdminVerifyRequest>(ctx, 'admin-verify-request.json');
    ctx.body = verifyCallback(body, core);
  });

  router.post('/clock/advance', async (ctx) => {
    const body = validBody<AdminClockAdvance>(ctx, 'admin-clock-advance.json');
    if (core.clock.kind !== 'virtual') {
      throw os1Error(
        'CLOCK_NOT_VIRTUAL',
        'The mock runs on the real clock, so time cannot be moved. Start it with --clock virtual (or clock: "virtual" in the config).',
      );
    }
    await core.scheduler.advance(body.ms);
    ctx.body = { now: core.clock.now(), pendingCallbacks: core.pendingCallbacks() };
  });

  router.post('/reset', (ctx) => {
    core.reset();
    ctx.body = { status: 'reset' };
  });

  return router;
}
