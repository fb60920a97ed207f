import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../mock-server/config/defaults.js';
import { ERRORS } from '../../mock-server/errors.js';
import { startMockServer } from '../../mock-server/server.js';
import type { MockFixture } from '../support/mock-fixture.js';
import { expectError, TENANT_A, useMockFixture } from '../support/mock-fixture.js';
import type { ApiResponse } from '../support/os1-client.js';

const BAGS = '/core/api/v2/containers/bag';
const VEHICLES = '/core/api/v2/participants/vehicles';
const ORDERS = '/core/api/v2/entity/apps/app-1/orders';

async function health(fx: MockFixture) {
  const answer = await fx.request('GET', '/__admin/health', { headers: {} });
  expect(answer.status).toBe(200);
  return answer.body as { pendingCallbacks: number; maxPending: number; refusedRequests: number };
}

/** Sends `count` container creates with a callback; each must be accepted. */
async function fill(fx: MockFixture, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const answer = await fx.request('POST', BAGS, { body: fx.callback() });
    expect(answer.status).toBe(202);
    ids.push(answer.body.data.id as string);
  }
  return ids;
}

function expectBacklogFull(answer: ApiResponse, pending: number, max: number): void {
  expectError(answer, 'CALLBACK_BACKLOG_FULL', `${pending} callbacks are waiting to be delivered`, {
    pendingCallbacks: pending,
    maxPending: max,
  });
  expect(answer.body.error.description).toContain('raise --max-pending');
  expect(answer.headers.get('retry-after')).toBe('1');
}

const vehicle = () => ({ uniqueCode: `V-${Math.random()}`, owner: 'fleet-1', properties: {} });

describe('callbacks.maxPending 3', () => {
  const fx = useMockFixture({
    config: { callbacks: { maxPending: 3, retrySchedule: [1000] } },
  });

  it('answers the 4th request with a callback 503 CALLBACK_BACKLOG_FULL and Retry-After: 1, storing and scheduling nothing for it', async () => {
    const accepted = await fill(fx, 3);

    const refused = await fx.request('POST', BAGS, { body: fx.callback({ n: 4 }) });
    expectBacklogFull(refused, 3, 3);
    expect(fx.mock.core.operations.pending).toBe(3);
    expect(await health(fx)).toMatchObject({
      pendingCallbacks: 3,
      maxPending: 3,
      refusedRequests: 1,
    });

    await fx.settle();
    await fx.mock.core.deliveries.waitFor(() => fx.mock.core.pendingCallbacks() === 0);
    expect(fx.receiver.received.map((callback) => callback.json)).toEqual(
      accepted.map((id) => expect.objectContaining({ data: expect.objectContaining({ id }) })),
    );
    expect(fx.mock.core.store.tenant(TENANT_A).containers.size).toBe(3);
  });

  it('logs the refusal in the request log with its status and error code', async () => {
    await fill(fx, 3);
    await fx.request('POST', BAGS, { body: fx.callback() });
    const log = await fx.request('GET', '/__admin/requests?status=503', { headers: {} });
    expect(log.body.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: BAGS,
        status: 503,
        errorCode: ERRORS.CALLBACK_BACKLOG_FULL.code,
      }),
    ]);
  });

  it('still accepts and processes a request without a callback while the backlog is full', async () => {
    await fill(fx, 3);
    const answer = await fx.request('POST', BAGS, { body: {} });
    expect(answer.status).toBe(202);
    await fx.settle();
    const id = answer.body.data.id as string;
    expect((await fx.request('GET', `${BAGS}/${id}`)).status).toBe(200);
    expect((await health(fx)).refusedRequests).toBe(0);
  });

  it('accepts requests with a callback again once the clock advances and the callbacks are delivered', async () => {
    await fill(fx, 3);
    expect((await fx.request('POST', BAGS, { body: fx.callback() })).status).toBe(503);

    await fx.settle();
    await fx.mock.core.deliveries.waitFor(() => fx.mock.core.pendingCallbacks() === 0);
    expect(fx.receiver.received).toHaveLength(3);

    const again = await fx.request('POST', BAGS, { body: fx.callback() });
    expect(again.status).toBe(202);
    await fx.settle();
    await fx.callbackFor(again.body.data.id as string);
    expect(fx.receiver.received).toHaveLength(4);
  });

  it('counts callbacks still being retried as pending, not only requests waiting to be processed', async () => {
    fx.receiver.fallback = { status: 500 };
    await fill(fx, 3);
    await fx.settle(500); // processed (delay 100 ms), first attempts failed, retries due at +1000 ms
    expect(fx.mock.core.operations.pending).toBe(0);
    expect(fx.receiver.received).toHaveLength(3);
    expectBacklogFull(await fx.request('POST', BAGS, { body: fx.callback() }), 3, 3);

    fx.receiver.fallback = { status: 200 };
    await fx.settle(2000);
    await fx.mock.core.deliveries.waitFor(() => fx.mock.core.pendingCallbacks() === 0);
    expect((await fx.request('POST', BAGS, { body: fx.callback() })).status).toBe(202);
  });

  it('refuses updates, state events, batches, entities, participant types and requests with hooks or simulation headers too', async () => {
    const [bag] = await fill(fx, 1);
    await fx.settle();
    await fx.callbackFor(bag as string);
    await fill(fx, 3);
    const tenant = fx.mock.core.store.tenant(TENANT_A);
    const batchesBefore = tenant.batches.size;
    const requests: Array<[string, string, object, Record<string, string>?]> = [
      ['PUT', `${BAGS}/${bag}`, { attributes: { a: 1 } }],
      ['PUT', `${BAGS}/${bag}/state/event`, { eventCode: 'E-025', reasonCode: 'R-0001' }],
      ['POST', `${BAGS}/batch`, { payload: [{ scannableId: 'B-1' }] }],
      ['PUT', `${BAGS}/batch`, { payload: [{ id: bag }] }],
      ['POST', `${VEHICLES}/batch`, { payload: [vehicle()] }],
      ['POST', VEHICLES, vehicle()],
      ['POST', ORDERS, { uniqueCode: 'O-1', owner: 'o', properties: {} }],
      [
        'POST',
        '/core/api/v2/participants/participant-types',
        { name: { singular: 'drone', plural: 'drones' } },
      ],
      ['POST', '/core/api/v2/containers/container-types', { name: 'crate' }],
      [
        'PUT',
        `/core/api/v2/containers/${bag}/child`,
        { parentId: 'box:1', action: 'CONTAINERIZE' },
      ],
      [
        'POST',
        BAGS,
        { onRequest: { url: `${fx.receiver.url}/on-request`, wait: true, method: 'POST' } },
      ],
      ['POST', BAGS, {}, { 'X-OS1-Mock-Delay-Ms': '5' }],
    ];
    for (const [method, path, body, extraHeaders = {}] of requests) {
      const answer = await fx.request(method, path, {
        body: { ...body, ...fx.callback() },
        extraHeaders,
      });
      expect({ method, path, status: answer.status, code: answer.body?.error?.code }).toEqual({
        method,
        path,
        status: 503,
        code: ERRORS.CALLBACK_BACKLOG_FULL.code,
      });
    }
    expect(tenant.batches.size).toBe(batchesBefore);
    expect(fx.mock.core.hookCalls.list()).toEqual([]);
    expect(fx.mock.core.operations.pending).toBe(3);
    expect((await health(fx)).refusedRequests).toBe(requests.length);
  });

  it('answers a broken request with its own 400 rather than the backlog 503', async () => {
    await fill(fx, 3);
    const answer = await fx.request('POST', BAGS, { body: { isHazmat: 'no', ...fx.callback() } });
    expect(answer.status).toBe(400);
  });

  it('forgets its refusals on reset', async () => {
    await fill(fx, 3);
    await fx.request('POST', BAGS, { body: fx.callback() });
    expect((await fx.request('POST', '/__admin/reset', { headers: {} })).status).toBe(200);
    expect(await health(fx)).toMatchObject({ pendingCallbacks: 0, refusedRequests: 0 });
    expect((await fx.request('POST', BAGS, { body: fx.callback() })).status).toBe(202);
  });
});

describe('callbacks.maxPending 0', () => {
  const fx = useMockFixture({ config: { callbacks: { maxPending: 0 } } });

  it('sets no limit: every request with a callback is accepted', async () => {
    await fill(fx, 50);
    expect(await health(fx)).toMatchObject({
      pendingCallbacks: 50,
      maxPending: 0,
      refusedRequests: 0,
    });
  });
});

describe('callbacks.maxPending', () => {
  it('is 100,000 by default', async () => {
    expect(defaultConfig().callbacks.maxPending).toBe(100_000);
    const mock = await startMockServer({ clock: 'virtual' });
    try {
      const answer = await fetch(`${mock.url}/__admin/health`);
      expect(await answer.json()).toMatchObject({ maxPending: 100_000 });
    } finally {
      await mock.stop();
    }
  });

  it.each([
    [-1, '"callbacks.maxPending" must be >= 0'],
    [2.5, '"callbacks.maxPending" must be integer'],
    ['many', '"callbacks.maxPending" must be integer'],
    [100_000_001, '"callbacks.maxPending" must be <= 100000000'],
  ])('refuses %j, naming the key', async (maxPending, message) => {
    await expect(
      startMockServer({ config: { callbacks: { maxPending: maxPending as number } } }),
    ).rejects.toThrow(message);
  });
});
