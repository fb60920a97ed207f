import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { expectError, useMockFixture } from '../support/mock-fixture.js';
import { call, os1Headers } from '../support/os1-client.js';
import type { ObservedRequest, ObservingReceiver } from './helpers.js';
import { addRules, BAGS, startObservingReceiver } from './helpers.js';

const SECRET = 'test-secret';
const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');

describe('scenario actions over real HTTP', () => {
  const fixture = useMockFixture({
    secret: SECRET,
    config: {
      callbacks: { delay: { distribution: 'fixed', ms: 100 }, retrySchedule: [1000, 1000] },
    },
  });

  const createBag = async (meta?: unknown): Promise<string> => {
    const created = await fixture.request('POST', BAGS, { body: fixture.callback(meta) });
    expect(created.status).toBe(202);
    return created.body.data.id as string;
  };

  it('fail-async: answers 202, calls back failed with the reason after delayMs, and leaves GET 404 and the list empty', async () => {
    await addRules(fixture.mock, {
      name: 'fail-creates',
      match: { service: 'Container', operation: 'create', type: 'bag' },
      action: { type: 'fail-async', reason: 'disk full', delayMs: 500 },
    });
    const acceptedAt = fixture.mock.core.clock.now();
    const id = await createBag({ order: 1 });
    await fixture.settle(1000);

    const record = await fixture.callbackFor(id);
    expect(record.createdAt - acceptedAt).toBe(500);
    expect(record.payload).toMatchObject({ status: 'failed', reason: 'disk full', data: { id } });
    expect(record.faults).toEqual([
      {
        source: 'rule',
        rule: 'fail-creates',
        action: 'fail-async',
        detail: expect.stringContaining('disk full'),
      },
    ]);
    expect((await fixture.request('GET', `${BAGS}/${id}`)).status).toBe(404);
    const list = await fixture.request('GET', `${BAGS}/filter`);
    expect(list.body.data).toMatchObject({ meta: { totalElements: 0 }, containers: [] });
  });

  it('fail-async: a failed update leaves the object exactly as it was', async () => {
    const id = await createBag();
    await fixture.settle(1000);
    const before = (await fixture.request('GET', `${BAGS}/${id}`)).body.data;

    await addRules(fixture.mock, {
      name: 'fail-updates',
      match: { operation: 'update' },
      action: { type: 'fail-async' },
    });
    const updated = await fixture.request('PUT', `${BAGS}/${id}`, {
      body: { attributes: { colour: 'red' }, isHazmat: true, ...fixture.callback() },
    });
    expect(updated.status).toBe(202);
    await fixture.settle(1000);

    const record = await fixture.callbackFor(id, (r) => r.eventType === 'container.updated');
    expect(record.payload).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('fail-updates'),
    });
    expect((await fixture.request('GET', `${BAGS}/${id}`)).body.data).toEqual(before);
  });

  it("fail-sync: refuses the request at once with OS1's error envelope, accepts nothing and sends no callback", async () => {
    await addRules(fixture.mock, {
      name: 'busy',
      match: { operation: 'create' },
      action: { type: 'fail-sync', status: 503 },
    });
    const refused = await fixture.request('POST', BAGS, { body: fixture.callback() });
    expectError(refused, 'SIMULATED_UNAVAILABLE', /"busy" \(fail-sync\)/, {
      simulated: true,
      rule: 'busy',
    });
    await fixture.settle(5000);
    expect(fixture.mock.core.deliveries.list()).toEqual([]);
    expect(fixture.receiver.received).toEqual([]);
    const list = await fixture.request('GET', `${BAGS}/filter`);
    expect(list.body.data.meta.totalElements).toBe(0);
  });

  it('drop: processes the request but sends no callback; the record says what was dropped and why', async () => {
    await addRules(fixture.mock, { name: 'lose-it', action: { type: 'drop' } });
    const id = await createBag();
    await fixture.settle(5000);

    const record = await fixture.mock.core.deliveries.waitFor((r) => r.payload.data.id === id);
    expect(record).toMatchObject({ state: 'dropped', attempts: [], deliveredAt: null });
    expect(record.faults).toEqual([
      { source: 'rule', rule: 'lose-it', action: 'drop', detail: 'the callback was not sent' },
    ]);
    expect(fixture.receiver.received).toEqual([]);
    expect(fixture.mock.core.pendingCallbacks()).toBe(0);
    expect((await fixture.request('GET', `${BAGS}/${id}`)).status).toBe(200);
  });

  it('duplicate: delivers the same eventId as many times as asked', async () => {
    await addRules(fixture.mock, { name: 'twice', action: { type: 'duplicate', times: 3 } });
    const id = await createBag();
    await fixture.settle(1000);

    const received = fixture.receiver.received;
    expect(received).toHaveLength(3);
    const eventIds = received.map((callback) => (callback.json as { eventId: string }).eventId);
    expect(new Set(eventIds).size).toBe(1);
    expect(received.map((callback) => callback.body)).toEqual(Array(3).fill(received[0]?.body));
    const records = fixture.mock.core.deliveries.list().filter((r) => r.payload.data.id === id);
    expect(records.map((r) => [r.state, r.faults?.[0]?.detail])).toEqual([
      ['delivered', 'sent 3 times: delivery 1 of 3, the same eventId'],
      ['delivered', 'sent 3 times: delivery 2 of 3, the same eventId'],
      ['delivered', 'sent 3 times: delivery 3 of 3, the same eventId'],
    ]);
  });

  it('out-of-order: holds a callback back until the next one to the same URL has gone', async () => {
    await addRules(fixture.mock, {
      name: 'swap-first',
      match: { body: [{ path: '$.callback.meta.order', equals: 1 }] },
      action: { type: 'out-of-order' },
    });
    const first = await createBag({ order: 1 });
    const second = await createBag({ order: 2 });
    await fixture.settle(1000);

    const order = fixture.receiver.received.map(
      (callback) => (callback.json as { data: { id: string } }).data.id,
    );
    expect(order).toEqual([second, first]);
    const held = await fixture.callbackFor(first);
    expect(held.state).toBe('delivered');
    expect(held.attempts[0]?.fault).toMatch(/sent after dlv_.* to the same URL/);
  });

  it('out-of-order: sends a held callback after maxHoldMs when no other callback to its URL comes', async () => {
    await addRules(fixture.mock, {
      name: 'hold',
      action: { type: 'out-of-order', maxHoldMs: 2000 },
    });
    const id = await createBag();
    await fixture.settle(1000);
    expect(fixture.receiver.received).toEqual([]);
    expect(fixture.mock.core.deliveries.list()[0]?.state).toBe('scheduled');

    await fixture.settle(1500);
    const record = await fixture.callbackFor(id);
    expect(record.attempts[0]?.startedAt).toBe(record.createdAt + 2000);
    expect(record.attempts[0]?.fault).toMatch(/no other callback to the URL came/);
    expect(fixture.receiver.received).toHaveLength(1);
  });

  it('bad-signature: signs the first attempt with a wrong secret; the retry is signed right', async () => {
    await addRules(fixture.mock, { name: 'forge', action: { type: 'bad-signature' } });
    fixture.receiver.plan.push({ status: 401 });
    const id = await createBag();
    await fixture.settle(1000);
    await fixture.settle(1000);

    const [forged, genuine] = fixture.receiver.received;
    expect(forged?.headers['x-coreos-hmac-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(forged?.headers['x-coreos-hmac-signature']).not.toBe(sign(forged?.body ?? ''));
    expect(genuine?.headers['x-coreos-hmac-signature']).toBe(sign(genuine?.body ?? ''));
    const record = await fixture.callbackFor(id);
    expect(record.attempts.map((a) => [a.statusCode, a.fault])).toEqual([
      [401, 'signed with a wrong secret (scenario rule "forge")'],
      [200, undefined],
    ]);
  });

  it('bad-signature with attempts "all": every attempt is forged until the record is dead', async () => {
    await addRules(fixture.mock, {
      name: 'forge-all',
      action: { type: 'bad-signature', attempts: 'all' },
    });
    fixture.receiver.fallback = { status: 401 };
    const id = await createBag();
    for (let i = 0; i < 3; i++) await fixture.settle(1000);

    const record = await fixture.callbackFor(id);
    expect(record.state).toBe('dead');
    expect(fixture.receiver.received).toHaveLength(3);
    for (const callback of fixture.receiver.received) {
      expect(callback.headers['x-coreos-hmac-signature']).not.toBe(sign(callback.body));
    }
  });

  it('no-signature: sends the first attempt without signature headers', async () => {
    await addRules(fixture.mock, { name: 'unsigned', action: { type: 'no-signature' } });
    fixture.receiver.plan.push({ status: 401 });
    const id = await createBag();
    await fixture.settle(1000);
    await fixture.settle(1000);

    const [unsigned, signed] = fixture.receiver.received;
    expect(unsigned?.headers['x-coreos-hmac-signature']).toBeUndefined();
    expect(signed?.headers['x-coreos-hmac-signature']).toBe(sign(signed?.body ?? ''));
    const record = await fixture.callbackFor(id);
    expect(record.attempts[0]?.signatureHeaders).toEqual({});
  });

  it('tampered-body: signs the real body and sends a changed one', async () => {
    await addRules(fixture.mock, { name: 'mitm', action: { type: 'tampered-body' } });
    fixture.receiver.plan.push({ status: 401 });
    const id = await createBag();
    await fixture.settle(1000);
    await fixture.settle(1000);

    const record = await fixture.callbackFor(id);
    const [tampered, genuine] = fixture.receiver.received;
    expect(tampered?.body).not.toBe(record.body);
    expect(tampered?.json).toMatchObject({ status: 'failed', data: { id } });
    expect(tampered?.headers['x-coreos-hmac-signature']).toBe(sign(record.body));
    expect(tampered?.headers['x-coreos-hmac-signature']).not.toBe(sign(tampered?.body ?? ''));
    expect(record.attempts[0]?.sentBody).toBe(tampered?.body);
    expect(record.attempts[0]?.fault).toMatch(/status changed from success to failed/);
    expect(genuine?.body).toBe(record.body);
  });

  it('slow: sends the callback delayMs after processing', async () => {
    await addRules(fixture.mock, { name: 'late', action: { type: 'slow', delayMs: 5000 } });
    const acceptedAt = fixture.mock.core.clock.now();
    const id = await createBag();
    await fixture.settle(1000);
    expect(fixture.receiver.received).toEqual([]);

    await fixture.settle(5000);
    const record = await fixture.callbackFor(id);
    expect(record.attempts[0]?.startedAt).toBe(acceptedAt + 100 + 5000);
    expect(fixture.receiver.received).toHaveLength(1);
  });
});

/** The cut-off request first: the receiver may notice a cut connection after the retry ended. */
const byCompleteness = (requests: ObservedRequest[]) =>
  [...requests].sort((a, b) => Number(a.complete) - Number(b.complete));

describe('connection faults over real HTTP', () => {
  let mock: MockServer | undefined;
  let receiver: ObservingReceiver | undefined;

  afterEach(async () => {
    await mock?.stop();
    await receiver?.close();
    mock = undefined;
    receiver = undefined;
  });

  const start = async (patienceMs?: number) => {
    mock = await startMockServer({
      clock: 'virtual',
      secret: SECRET,
      config: {
        callbacks: { delay: { distribution: 'fixed', ms: 100 }, retrySchedule: [1000] },
      },
    });
    receiver = await startObservingReceiver(patienceMs === undefined ? {} : { patienceMs });
    return { mock, receiver };
  };

  const create = async (server: MockServer, url: string): Promise<string> => {
    const created = await call(server.url, 'POST', BAGS, {
      headers: os1Headers(),
      body: { callback: { url } },
    });
    expect(created.status).toBe(202);
    return created.body.data.id as string;
  };

  it('timeout: sends part of the body, holds the connection past holdMs, gives up, and the retry goes through', async () => {
    const { mock, receiver } = await start();
    await addRules(mock, { name: 'stall', action: { type: 'timeout', holdMs: 300 } });
    const id = await create(mock, receiver.url);
    await mock.core.scheduler.advance(1000);
    await mock.core.scheduler.advance(1000);

    const [stalled, retried] = byCompleteness(await receiver.ended(2));
    expect(stalled).toMatchObject({ complete: false, cutOff: true });
    expect(stalled?.received).toBeGreaterThan(0);
    expect(stalled?.received).toBeLessThan(stalled?.promised ?? 0);
    expect(stalled?.lastedMs).toBeGreaterThanOrEqual(250);
    expect(retried).toMatchObject({ complete: true });
    const record = await mock.core.deliveries.waitFor((r) => r.payload.data.id === id);
    expect(record.state).toBe('delivered');
    expect(record.attempts[0]).toMatchObject({
      outcome: 'timeout',
      statusCode: null,
      error: expect.stringContaining('simulated timeout'),
      fault: expect.stringContaining('held open 300 ms'),
    });
  });

  it('timeout: a receiver that loses patience first closes the connection, and the attempt says so', async () => {
    const { mock, receiver } = await start(50);
    await addRules(mock, { name: 'stall', action: { type: 'timeout', holdMs: 10_000 } });
    const id = await create(mock, receiver.url);
    await mock.core.scheduler.advance(1000);

    const [stalled] = await receiver.ended(1);
    expect(stalled).toMatchObject({ complete: false });
    expect(stalled?.lastedMs).toBeLessThan(5000);
    const record = mock.core.deliveries.list().find((r) => r.payload.data.id === id);
    expect(record?.attempts[0]).toMatchObject({
      outcome: 'network-error',
      error: expect.stringMatching(/closed the connection.*simulated timeout/),
    });
  });

  it('abort: sends the first afterBytes of the body, then destroys the socket; the retry goes through', async () => {
    const { mock, receiver } = await start();
    await addRules(mock, { name: 'cut', action: { type: 'abort', afterBytes: 10 } });
    const id = await create(mock, receiver.url);
    await mock.core.scheduler.advance(1000);
    await mock.core.scheduler.advance(1000);

    const [cut, retried] = byCompleteness(await receiver.ended(2));
    expect(cut).toMatchObject({ received: 10, complete: false, cutOff: true });
    expect(cut?.promised).toBeGreaterThan(10);
    expect(retried).toMatchObject({ complete: true });
    expect(retried?.headers['x-coreos-hmac-signature']).toBe(sign(retried?.body ?? ''));
    const record = await mock.core.deliveries.waitFor((r) => r.payload.data.id === id);
    expect(record.attempts[0]).toMatchObject({
      outcome: 'network-error',
      error: `cut the connection after sending 10 of ${cut?.promised} body bytes (simulated abort)`,
    });
    expect(record.state).toBe('delivered');
  });

  it('abort without afterBytes cuts the body in half', async () => {
    const { mock, receiver } = await start();
    await addRules(mock, { name: 'cut', action: { type: 'abort' } });
    await create(mock, receiver.url);
    await mock.core.scheduler.advance(1000);

    const [cut] = await receiver.ended(1);
    expect(cut?.received).toBe(Math.floor((cut?.promised ?? 0) / 2));
    expect(cut?.cutOff).toBe(true);
  });
});
