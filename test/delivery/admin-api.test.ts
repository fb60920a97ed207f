import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../mock-server/config/defaults.js';
import { createMockCore } from '../../mock-server/core.js';
import { adminOpenApi } from '../../mock-server/http/admin-openapi.js';
import { adminRouters } from '../../mock-server/http/routes/admin-routers.js';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { findProblem } from '../../mock-server/validation/validator.js';
import { call, os1Headers } from '../support/os1-client.js';
import type { TestReceiver } from '../support/receiver.js';
import { startReceiver } from '../support/receiver.js';
import { admin, scheduleCallback } from './helpers.js';

describe('the admin API', () => {
  let mock: MockServer;
  let receiver: TestReceiver;

  beforeEach(async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { retrySchedule: [1_000] } },
    });
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await mock.stop();
    await receiver.close();
  });

  it('filters deliveries by state, tenant, service, event type, target and event id', async () => {
    const failing = await startReceiver({ status: 500 });
    try {
      await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
        tenant: 'tenant-a',
        body: { callback: { url: receiver.url } },
      });
      const typeCreated = await call(
        mock.url,
        'POST',
        '/core/api/v2/participants/participant-types',
        {
          tenant: 'tenant-b',
          body: {
            name: { singular: 'courier', plural: 'couriers' },
            callback: { url: failing.url },
          },
        },
      );
      expect(typeCreated.status).toBe(202);
      await mock.core.scheduler.advance(5_000);

      const ids = async (query: string) => {
        const response = await admin(mock, 'GET', `/deliveries${query}`);
        expect(response.status).toBe(200);
        expect(response.body.total).toBe(response.body.deliveries.length);
        return response.body.deliveries.map((d: { tenantId: string; state: string }) =>
          [d.tenantId, d.state].join(':'),
        );
      };
      expect(await ids('')).toHaveLength(2);
      expect(await ids('?state=dead')).toEqual(['tenant-b:dead']);
      expect(await ids('?state=delivered')).toEqual(['tenant-a:delivered']);
      expect(await ids('?tenant=tenant-b')).toEqual(['tenant-b:dead']);
      expect(await ids('?service=Container')).toEqual(['tenant-a:delivered']);
      expect(await ids('?service=Participant&state=delivered')).toEqual([]);
      expect(await ids('?eventType=participant-type.created')).toEqual(['tenant-b:dead']);
      expect(await ids(`?url=${encodeURIComponent(failing.url)}`)).toEqual(['tenant-b:dead']);
      const [one] = mock.core.deliveries.list({ tenantId: 'tenant-a' });
      expect(await ids(`?eventId=${one?.eventId}`)).toEqual(['tenant-a:delivered']);

      const bad = await admin(mock, 'GET', '/deliveries?state=lost');
      expect(bad.status).toBe(400);
      expect(bad.body.error.additionalInfo).toMatchObject({
        error: 'INVALID_QUERY',
        parameter: 'state',
      });
    } finally {
      await failing.close();
    }
  });

  it('redelivers every dead delivery that matches the filters in one call', async () => {
    receiver.fallback = { status: 500 };
    const a1 = scheduleCallback(mock, { url: receiver.url, tenantId: 'tenant-a' });
    const a2 = scheduleCallback(mock, { url: receiver.url, tenantId: 'tenant-a' });
    const b = scheduleCallback(mock, { url: receiver.url, tenantId: 'tenant-b' });
    await mock.core.scheduler.advance(1_000);
    expect([a1.state, a2.state, b.state]).toEqual(['dead', 'dead', 'dead']);

    receiver.fallback = { status: 200 };
    const wrongState = await admin(mock, 'POST', '/deliveries/redeliver?state=delivered');
    expect(wrongState.status).toBe(400);
    const bulk = await admin(mock, 'POST', '/deliveries/redeliver?tenant=tenant-a');
    expect(bulk.status).toBe(202);
    expect(bulk.body).toEqual({ redelivered: 2, deliveries: [a1.id, a2.id] });
    await mock.core.scheduler.advance(0);
    expect([a1.state, a2.state, b.state]).toEqual(['delivered', 'delivered', 'dead']);

    const rest = await admin(mock, 'POST', '/deliveries/redeliver?state=dead');
    expect(rest.body.redelivered).toBe(1);
    await mock.core.scheduler.advance(0);
    expect(b.state).toBe('delivered');
    const none = await admin(mock, 'POST', '/deliveries/redeliver');
    expect(none.body).toEqual({ redelivered: 0, deliveries: [] });
  });

  it('answers 404 for an unknown delivery and 409 when redelivering one still in progress', async () => {
    const missing = await admin(mock, 'POST', '/deliveries/dlv_nope/redeliver');
    expect(missing.status).toBe(404);
    expect(missing.body.error.additionalInfo.error).toBe('DELIVERY_NOT_FOUND');
    const pending = scheduleCallback(mock, {
      url: receiver.url,
      dueAt: mock.core.clock.now() + 60_000,
    });
    const early = await admin(mock, 'POST', `/deliveries/${pending.id}/redeliver`);
    expect(early.status).toBe(409);
    expect(early.body.error.additionalInfo).toMatchObject({
      error: 'DELIVERY_IN_PROGRESS',
      state: 'scheduled',
    });
  });

  it('shows delivery records in the shape contracts/schemas/admin-delivery.json describes', async () => {
    receiver.plan.push({ status: 503 });
    scheduleCallback(mock, { url: receiver.url });
    await mock.core.scheduler.advance(1_000);
    const listed = await admin(mock, 'GET', '/deliveries');
    expect(listed.body.deliveries[0].attempts).toHaveLength(2);
    for (const record of listed.body.deliveries) {
      expect(findProblem('admin-delivery.json', record)).toBeNull();
    }
  });

  it('logs API requests with tenant, request id and status, keeping no secret or full token', async () => {
    const token = 'access-token-that-must-not-leak';
    const secret = 'callback-secret-that-must-not-leak';
    await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
      headers: os1Headers('tenant-a', {
        'x-coreos-access': token,
        'x-coreos-request-id': 'req-1',
        'x-coreos-callback-secret': secret,
      }),
      body: { callback: { url: receiver.url } },
    });
    await call(mock.url, 'GET', '/core/api/v2/containers/bag/bag:missing?x=1', {
      headers: os1Headers('tenant-b', { 'x-coreos-request-id': 'req-2' }),
    });
    await call(mock.url, 'GET', '/core/api/v2/containers/bag/bag:missing', {
      headers: { 'x-coreos-tid': 'tenant-c' },
    });
    await admin(mock, 'GET', '/health');

    const log = await admin(mock, 'GET', '/requests');
    expect(log.status).toBe(200);
    expect(log.body).toMatchObject({ total: 3, received: 3, capacity: 1000 });
    const [created, missing, unauthorised] = log.body.requests;
    expect(created).toMatchObject({
      seq: 1,
      method: 'POST',
      path: '/core/api/v2/containers/bag',
      tenantId: 'tenant-a',
      requestId: 'req-1',
      status: 202,
      errorCode: null,
      callbackSecretSent: true,
      accessToken: 'acce…**** (31 chars)',
    });
    expect(missing).toMatchObject({
      tenantId: 'tenant-b',
      requestId: 'req-2',
      status: 404,
      query: 'x=1',
      callbackSecretSent: false,
    });
    expect(missing.errorCode).toMatch(/^\d{12}$/);
    expect(unauthorised).toMatchObject({ tenantId: 'tenant-c', status: 401, accessToken: null });
    const text = JSON.stringify(log.body);
    expect(text).not.toContain(token);
    expect(text).not.toContain(secret);

    const filtered = await admin(mock, 'GET', '/requests?tenant=tenant-b&method=get&status=404');
    expect(filtered.body.requests.map((r: { requestId: string }) => r.requestId)).toEqual([
      'req-2',
    ]);
    const last = await admin(mock, 'GET', '/requests?limit=1');
    expect(last.body.requests.map((r: { seq: number }) => r.seq)).toEqual([3]);
    expect((await admin(mock, 'GET', '/requests?limit=0')).status).toBe(400);
    expect((await admin(mock, 'GET', '/requests?status=abc')).status).toBe(400);
  });

  it('reset forgets deliveries, tenant secrets and the request log', async () => {
    await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
      body: { callback: { url: receiver.url } },
    });
    await admin(mock, 'PUT', '/tenants/tenant-a/secret', { secret: 'tenant-a-secret' });
    await mock.core.scheduler.advance(1_000);
    expect((await admin(mock, 'GET', '/requests')).body.total).toBe(1);

    const reset = await admin(mock, 'POST', '/reset');
    expect(reset.body).toEqual({ status: 'reset' });
    expect((await admin(mock, 'GET', '/requests')).body).toMatchObject({ total: 0, received: 0 });
    expect((await admin(mock, 'GET', '/deliveries')).body.total).toBe(0);
    expect((await admin(mock, 'GET', '/tenants/tenant-a/secret')).body.secret).toBeNull();
  });

  it('moves the virtual clock over HTTP, running the attempts that fall due', async () => {
    const record = scheduleCallback(mock, {
      url: receiver.url,
      dueAt: mock.core.clock.now() + 5_000,
    });
    const before = mock.core.clock.now();
    const moved = await admin(mock, 'POST', '/clock/advance', { ms: 5_000 });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ now: before + 5_000, pendingCallbacks: 0 });
    expect(record.state).toBe('delivered');
    expect((await admin(mock, 'POST', '/clock/advance', { ms: -1 })).status).toBe(400);
  });

  it('refuses to move a real clock', async () => {
    const real = await startMockServer();
    try {
      const response = await admin(real, 'POST', '/clock/advance', { ms: 10 });
      expect(response.status).toBe(409);
      expect(response.body.error.additionalInfo.error).toBe('CLOCK_NOT_VIRTUAL');
    } finally {
      await real.stop();
    }
  });

  it('refuses a verification request that is not the documented shape', async () => {
    const response = await admin(mock, 'POST', '/verify', { body: '{}', headers: { a: 1 } });
    expect(response.status).toBe(400);
    expect(response.body.error.additionalInfo).toMatchObject({
      error: 'VALIDATION_FAILED',
      field: 'headers.a',
    });
  });

  it('serves an OpenAPI 3.1 document', async () => {
    const response = await admin(mock, 'GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(response.body.openapi).toBe('3.1.0');
    expect(response.body).toEqual(JSON.parse(JSON.stringify(adminOpenApi())));
  });

  it('answers health in the shape its OpenAPI document gives, stored and evicted objects included', async () => {
    const health = await admin(mock, 'GET', '/health');
    expect(health.status).toBe(200);
    const validate = documentedAnswer('get', '/__admin/health', 200);
    expect(validate(health.body), JSON.stringify(validate.errors)).toBe(true);
    expect(health.body).toMatchObject({ storedObjects: 0, evictedObjects: 0 });
  });

  it('answers the hook-call, entity-type hook and scenario routes in the shapes its OpenAPI document gives', async () => {
    const expectDocumented = (
      response: { status: number; body: unknown },
      method: string,
      path: string,
      status: number,
    ) => {
      expect(response.status).toBe(status);
      const validate = documentedAnswer(method, path, status);
      expect(validate(response.body), JSON.stringify(validate.errors)).toBe(true);
    };

    const hooks = await admin(mock, 'PUT', '/tenants/tenant-a/entity-types/app1/stores/hooks', {
      onRequest: { url: `${receiver.url}/hook`, wait: true },
    });
    expectDocumented(
      hooks,
      'put',
      '/__admin/tenants/{tid}/entity-types/{appId}/{plural}/hooks',
      200,
    );
    const created = await call(mock.url, 'POST', '/core/api/v2/entity/apps/app1/stores', {
      tenant: 'tenant-a',
      body: { uniqueCode: 'store-1', owner: 'owner', properties: {} },
    });
    expect(created.status).toBe(202);
    const calls = await admin(mock, 'GET', '/hook-calls?tenant=tenant-a&kind=onRequest');
    expectDocumented(calls, 'get', '/__admin/hook-calls', 200);
    expect(calls.body.total).toBe(1);
    expectDocumented(
      await admin(mock, 'GET', '/hook-calls?outcome=bogus'),
      'get',
      '/__admin/hook-calls',
      400,
    );

    const rule = { name: 'drop-stores', match: { type: 'stores' }, action: { type: 'drop' } };
    expectDocumented(
      await admin(mock, 'POST', '/scenarios', [rule]),
      'post',
      '/__admin/scenarios',
      201,
    );
    expectDocumented(
      await admin(mock, 'POST', '/scenarios', rule),
      'post',
      '/__admin/scenarios',
      409,
    );
    expectDocumented(
      await admin(mock, 'POST', '/scenarios', []),
      'post',
      '/__admin/scenarios',
      400,
    );
    expectDocumented(await admin(mock, 'GET', '/scenarios'), 'get', '/__admin/scenarios', 200);
    expectDocumented(
      await admin(mock, 'DELETE', '/scenarios/drop-stores'),
      'delete',
      '/__admin/scenarios/{name}',
      200,
    );
    expectDocumented(
      await admin(mock, 'DELETE', '/scenarios/drop-stores'),
      'delete',
      '/__admin/scenarios/{name}',
      404,
    );
    expectDocumented(
      await admin(mock, 'DELETE', '/scenarios'),
      'delete',
      '/__admin/scenarios',
      200,
    );
  });
});

/** A validator for the JSON answer the admin OpenAPI document gives for this operation and status. */
function documentedAnswer(method: string, path: string, status: number) {
  const ajv = new Ajv2020.default({ strict: false, allowUnionTypes: true });
  addFormats.default(ajv);
  ajv.addFormat('callback-url', true);
  ajv.addSchema(adminOpenApi() as object, 'admin-openapi');
  const pointer = [
    'paths',
    path,
    method,
    'responses',
    String(status),
    'content',
    'application/json',
  ]
    .map((key) => key.replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('/');
  return ajv.compile({ $ref: `admin-openapi#/${pointer}/schema` });
}

describe('the admin OpenAPI document', () => {
  const document = adminOpenApi() as {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, unknown> };
  };

  it('describes exactly the routes of every admin router, method by method', () => {
    const core = createMockCore({ config: { ...defaultConfig(), clock: 'virtual' } });
    // A router's own root ('/' under the prefix /__admin/scenarios) is the path without the slash.
    const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1');
    const routed = adminRouters(core)
      .flatMap((router) => router.stack)
      .flatMap((layer) =>
        layer.methods
          .filter((method) => method !== 'HEAD')
          .map((method) => `${method} ${openApiPath(String(layer.path))}`),
      )
      .sort();
    core.close();
    expect(routed.every((route) => / \/__admin\//.test(route))).toBe(true);
    expect(routed).toContain('GET /__admin/scenarios');
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(routed.length).toBeGreaterThan(10);
    expect(documented).toEqual(routed);
  });

  it('resolves every $ref inside the document', () => {
    const refs: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object' && value !== null) {
        for (const [key, child] of Object.entries(value)) {
          if (key === '$ref' && typeof child === 'string') refs.push(child);
          else walk(child);
        }
      }
    };
    walk(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>(
          (node, key) =>
            typeof node === 'object' && node !== null
              ? (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')]
              : undefined,
          document,
        );
      expect(target, ref).toBeDefined();
    }
  });

  it('gives every operation an id, a summary and a success response', () => {
    const operationIds = new Set<string>();
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations) as Array<{
        operationId: string;
        summary: string;
        responses: Record<string, unknown>;
      }>) {
        expect(operation.summary.length).toBeGreaterThan(5);
        expect(Object.keys(operation.responses).some((status) => status.startsWith('2'))).toBe(
          true,
        );
        expect(operationIds.has(operation.operationId)).toBe(false);
        operationIds.add(operation.operationId);
      }
    }
  });
});
