import { afterEach, describe, expect, it } from 'vitest';
import { STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS } from '../../mock-server/delivery/retry-policy.js';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { call } from '../support/os1-client.js';
import type { TestReceiver } from '../support/receiver.js';
import { startReceiver } from '../support/receiver.js';
import { admin, refusedUrl, retryGaps, scheduleCallback, startSilentReceiver } from './helpers.js';

const HOUR = 3_600_000;

describe('callback retries', () => {
  let mock: MockServer | undefined;
  let receiver: TestReceiver | undefined;

  afterEach(async () => {
    await mock?.stop();
    await receiver?.close();
    mock = undefined;
    receiver = undefined;
  });

  it('delivers on the third attempt after 503, 503 and shows all three attempts', async () => {
    mock = await startMockServer({ clock: 'virtual' });
    receiver = await startReceiver();
    receiver.plan.push({ status: 503 }, { status: 503 }, { status: 200 });

    const created = await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
      body: { callback: { url: receiver.url } },
    });
    expect(created.status).toBe(202);
    await mock.core.scheduler.advance(100); // processing, then the first attempt
    const [record] = mock.core.deliveries.list({ url: receiver.url });
    expect(record?.state).toBe('retrying');
    await mock.core.scheduler.advance(5_000 + 5 * 60_000);

    const shown = await admin(mock, 'GET', `/deliveries/${record?.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.state).toBe('delivered');
    expect(
      shown.body.attempts.map((a: { statusCode: number; outcome: string }) => [
        a.statusCode,
        a.outcome,
      ]),
    ).toEqual([
      [503, 'rejected'],
      [503, 'rejected'],
      [200, 'acknowledged'],
    ]);
    expect(retryGaps(shown.body)).toEqual([5_000, 5 * 60_000]);
    expect(receiver.received).toHaveLength(3);
    const eventIds = receiver.received.map((r) => (r.json as { eventId: string }).eventId);
    expect(new Set(eventIds)).toEqual(new Set([shown.body.eventId]));
  });

  it('dead-letters after the whole default schedule, then a redeliver call delivers it with the same eventId', async () => {
    mock = await startMockServer({ clock: 'virtual' });
    receiver = await startReceiver({ status: 500 });
    const record = scheduleCallback(mock, { url: receiver.url });

    await mock.core.scheduler.advance(27 * HOUR);
    expect(record.state).toBe('retrying'); // the last 10 h wait is not over yet
    await mock.core.scheduler.advance(3 * HOUR);
    expect(record.state).toBe('dead');
    expect(record.attempts).toHaveLength(STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS.length + 1);
    expect(retryGaps(record)).toEqual([...STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS]);
    expect(record.deadReason).toMatch(/after 8 attempts/);

    receiver.fallback = { status: 200 };
    const redelivered = await admin(mock, 'POST', `/deliveries/${record.id}/redeliver`);
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toMatchObject({ id: record.id, state: 'scheduled', redeliveries: 1 });
    await mock.core.scheduler.advance(0);

    expect(record.state).toBe('delivered');
    expect(record.attempts).toHaveLength(9);
    const eventIds = receiver.received.map((r) => (r.json as { eventId: string }).eventId);
    expect(eventIds).toHaveLength(9);
    expect(new Set(eventIds)).toEqual(new Set([record.eventId]));
  });

  it('stops retrying at once when the receiver answers 410 Gone', async () => {
    mock = await startMockServer({ clock: 'virtual' });
    receiver = await startReceiver({ status: 410 });
    const record = scheduleCallback(mock, { url: receiver.url });

    await mock.core.scheduler.advance(0);
    expect(record.state).toBe('dead');
    expect(record.attempts.map((a) => a.outcome)).toEqual(['gone']);
    expect(record.deadReason).toMatch(/410/);
    await mock.core.scheduler.advance(30 * HOUR);
    expect(receiver.received).toHaveLength(1);
  });

  it('retries 201 and 204: only 200 and 202 acknowledge a callback', async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { retrySchedule: [10, 10, 10] } },
    });
    receiver = await startReceiver();
    receiver.plan.push({ status: 201 }, { status: 204 }, { status: 202 });
    const record = scheduleCallback(mock, { url: receiver.url });

    await mock.core.scheduler.advance(100);
    expect(record.state).toBe('delivered');
    expect(record.attempts.map((a) => [a.statusCode, a.outcome])).toEqual([
      [201, 'rejected'],
      [204, 'rejected'],
      [202, 'acknowledged'],
    ]);
  });

  it('waits as long as Retry-After asks when that is longer than the schedule', async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { retrySchedule: [100, 100] } },
    });
    receiver = await startReceiver();
    receiver.plan.push({ status: 503, headers: { 'retry-after': '3' } }, { status: 200 });
    const record = scheduleCallback(mock, { url: receiver.url });

    await mock.core.scheduler.advance(2_999);
    expect(record.attempts).toHaveLength(1);
    expect(record.state).toBe('retrying');
    await mock.core.scheduler.advance(1);
    expect(record.state).toBe('delivered');
    expect(retryGaps(record)).toEqual([3_000]);
  });

  it('counts a receiver that does not answer within timeoutMs as a failed attempt and retries', async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { timeoutMs: 50, retrySchedule: [1_000] } },
    });
    const silent = await startSilentReceiver();
    try {
      const record = scheduleCallback(mock, { url: silent.url });
      await mock.core.scheduler.advance(0);
      expect(record.state).toBe('retrying');
      expect(record.attempts[0]).toMatchObject({ outcome: 'timeout', statusCode: null });
      expect(record.attempts[0]?.error).toMatch(/no answer within 50 ms/);

      await mock.core.scheduler.advance(1_000);
      expect(record.state).toBe('dead');
      expect(record.attempts.map((a) => a.outcome)).toEqual(['timeout', 'timeout']);
    } finally {
      await silent.close();
    }
  });

  it('retries when the connection is refused', async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { retrySchedule: [1_000] } },
    });
    const record = scheduleCallback(mock, { url: await refusedUrl() });

    await mock.core.scheduler.advance(0);
    expect(record.state).toBe('retrying');
    expect(record.attempts[0]).toMatchObject({ outcome: 'network-error', statusCode: null });
    expect(record.attempts[0]?.error).toMatch(/connection refused/);
    await mock.core.scheduler.advance(1_000);
    expect(record.state).toBe('dead');
    expect(record.attempts).toHaveLength(2);
  });

  it('applies callbacks.retrySchedule: one retry per entry, after those delays', async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { retrySchedule: [100, 150, 200] } },
    });
    receiver = await startReceiver({ status: 503 });
    const record = scheduleCallback(mock, { url: receiver.url });

    await mock.core.scheduler.advance(449);
    expect(record.state).toBe('retrying');
    await mock.core.scheduler.advance(1);
    expect(record.state).toBe('dead');
    expect(retryGaps(record)).toEqual([100, 150, 200]);
  });

  it('spreads retry delays by at most the configured jitter', async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { retrySchedule: [1_000, 1_000, 1_000, 1_000], retryJitter: 0.2 } },
    });
    receiver = await startReceiver({ status: 503 });
    const record = scheduleCallback(mock, { url: receiver.url });

    await mock.core.scheduler.advance(10_000);
    const gaps = retryGaps(record);
    expect(gaps).toHaveLength(4);
    for (const gap of gaps) expect(Math.abs(gap - 1_000)).toBeLessThanOrEqual(200);
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });
});
