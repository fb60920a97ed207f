import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { InProcessCallback, Os1Interceptor } from '../../mock-server/nock/index.js';
import { interceptOs1 } from '../../mock-server/nock/index.js';
import { os1Headers } from '../support/os1-client.js';

const BASE = 'https://acme.os1.test';

/** Client code under test: creates a bag container through OS1's API with plain fetch. */
async function createBag(callbackUrl: string) {
  const response = await fetch(`${BASE}/core/api/v2/containers/bag`, {
    method: 'POST',
    headers: os1Headers('acme'),
    body: JSON.stringify({ callback: { url: callbackUrl, meta: { order: 1 } } }),
  });
  return { status: response.status, body: (await response.json()) as { data: { id: string } } };
}

describe('interceptOs1', () => {
  let os1: Os1Interceptor | undefined;

  afterEach(() => {
    os1?.restore();
    os1 = undefined;
  });

  it('runs create → callback → receiver in-process, with no port and no sleeping', async () => {
    const received: InProcessCallback[] = [];
    os1 = interceptOs1({
      baseUrl: BASE,
      clock: 'virtual',
      receiver: (callback) => {
        received.push(callback);
        return 202;
      },
    });

    const created = await createBag('https://receiver.test/os1');
    expect(created.status).toBe(202);
    expect(received).toHaveLength(0);

    await os1.clock.advance(1_000);
    const delivery = await os1.deliveries.waitFor(
      (record) => record.payload.data.id === created.body.data.id,
    );
    expect(delivery.state).toBe('delivered');
    expect(received).toHaveLength(1);
    expect(received[0]?.json).toMatchObject({ eventType: 'container.created', meta: { order: 1 } });
    expect(received[0]?.headers['x-coreos-hmac-signature']).toMatch(/^[0-9a-f]{64}$/);
    os1.deliveries.assertNoPendingDeliveries();
  });

  it('delivers a callback whose receiver fails for 5 hours of virtual time, in well under a second', async () => {
    const failUntil = { time: 0 };
    os1 = interceptOs1({
      baseUrl: BASE,
      clock: 'virtual',
      receiver: () => (os1 && os1.clock.now() < failUntil.time ? 503 : 200),
    });
    failUntil.time = os1.clock.now() + 5 * 3_600_000;
    const started = performance.now();

    await createBag('https://receiver.test/os1');
    await os1.clock.advance(8 * 3_600_000);
    const delivery = await os1.deliveries.waitFor(() => true);

    expect(delivery.state).toBe('delivered');
    // Attempts at 0, 5 s, 5 min 5 s, 35 min 5 s and 2 h 35 min 5 s fail; the one at 7 h 35 min 5 s succeeds.
    expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([
      503, 503, 503, 503, 503, 200,
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('names what is still pending', async () => {
    os1 = interceptOs1({ baseUrl: BASE, clock: 'virtual', receiver: () => 200 });
    await createBag('https://receiver.test/os1');
    expect(() => os1?.deliveries.assertNoPendingDeliveries()).toThrow(
      /1 callback\(s\) still pending:[\s\S]*1 accepted request\(s\) not processed yet[\s\S]*Advance the clock/,
    );
  });

  it('answers OS1 errors in OS1 envelopes, like the HTTP server', async () => {
    os1 = interceptOs1({ baseUrl: `${BASE}/os1`, clock: 'virtual' });
    const response = await fetch(`${BASE}/os1/core/api/v2/containers/nope/nope:1`, {
      headers: os1Headers('acme'),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: '100920043304' } });
  });

  it('removes every interceptor it added on restore', async () => {
    os1 = interceptOs1({ baseUrl: BASE, clock: 'virtual' });
    expect(nock.activeMocks().length).toBeGreaterThan(0);
    os1.restore();
    expect(nock.activeMocks()).toEqual([]);
    await expect(fetch(`${BASE}/core/api/v2/containers/bag/x`)).rejects.toThrow();
  });

  it('refuses a base URL that is not absolute', () => {
    expect(() => interceptOs1({ baseUrl: 'acme.os1.test' })).toThrow(
      /baseUrl must be an absolute URL/,
    );
  });
});
