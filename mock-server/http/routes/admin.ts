import Router from '@koa/router';
import type { MockCore } from '../../core.js';
import { DELIVERY_STATES, type DeliveryState } from '../../delivery/delivery-record.js';
import { os1Error } from '../../errors.js';
import type { Os1Service } from '../../generated/contracts.js';
import type { AppContext, AppState } from '../context.js';

const SERVICES: readonly Os1Service[] = ['Participant', 'Container', 'Entity'];

const queryValue = (ctx: AppContext, name: string): string | undefined => {
  const raw = ctx.query[name];
  return Array.isArray(raw) ? raw[0] : raw;
};

function oneOf<T extends string>(
  ctx: AppContext,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = queryValue(ctx, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw os1Error(
      'INVALID_QUERY',
      `Query parameter ${name} must be one of ${allowed.join(', ')}.`,
      { parameter: name },
    );
  }
  return value as T;
}

/** The mock's own API under /__admin: health, the delivery log and reset. */
export function adminRoutes(core: MockCore): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/__admin' });

  router.get('/health', (ctx) => {
    ctx.body = {
      status: 'ok',
      clock: core.clock.kind,
      now: core.clock.now(),
      pendingCallbacks: core.pendingCallbacks(),
    };
  });

  router.get('/deliveries', (ctx) => {
    const deliveries = core.deliveries.list({
      state: oneOf<DeliveryState>(ctx, 'state', DELIVERY_STATES),
      tenantId: queryValue(ctx, 'tenant'),
      service: oneOf(ctx, 'service', SERVICES),
      eventType: queryValue(ctx, 'eventType'),
      url: queryValue(ctx, 'url'),
      eventId: queryValue(ctx, 'eventId'),
    });
    ctx.body = { deliveries, total: deliveries.length };
  });

  router.get('/deliveries/:id', (ctx) => {
    const record = core.deliveries.get(ctx.params.id);
    if (!record) {
      throw os1Error(
        'DELIVERY_NOT_FOUND',
        `No delivery has id ${ctx.params.id}; list them with GET /__admin/deliveries.`,
        {
          id: ctx.params.id,
        },
      );
    }
    ctx.body = record;
  });

  router.post('/reset', (ctx) => {
    core.reset();
    ctx.body = { status: 'reset' };
  });

  return router;
}
