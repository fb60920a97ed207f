import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import type { TestReceiver } from '../support/receiver.js';
import { startReceiver } from '../support/receiver.js';
import { listenOnLoopback, scheduleCallback } from './helpers.js';

describe('delivery order and load', () => {
  let mock: MockServer | undefined;
  const receivers: TestReceiver[] = [];

  afterEach(async () => {
    await mock?.stop();
    mock = undefined;
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('holds a later callback for an object while an earlier one is retrying, without blocking other objects', async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { retrySchedule: [1_000] } },
    });
    const forA = await startReceiver();
    const forB = await startReceiver();
    receivers.push(forA, forB);
    forA.plan.push({ status: 503 });
    const sent: string[] = [];
    mock.core.deliveries.subscribe((event) => {
      if (event.type === 'attempt') sent.push(`${event.record.id}#${event.attempt.number}`);
    });

    const first = scheduleCallback(mock, { url: forA.url, objectKey: 'bag:a' });
    const second = scheduleCallback(mock, { url: forA.url, objectKey: 'bag:a' });
    const other = scheduleCallback(mock, { url: forB.url, objectKey: 'bag:b' });

    await mock.core.scheduler.advance(0);
    expect(first.state).toBe('retrying');
    expect(second.state).toBe('scheduled');
    expect(second.attempts).toHaveLength(0);
    expect(other.state).toBe('delivered');

    await mock.core.scheduler.advance(999);
    expect(second.attempts).toHaveLength(0);
    await mock.core.scheduler.advance(1);
    expect(first.state).toBe('delivered');
    expect(second.state).toBe('delivered');
    expect(second.attempts[0]?.startedAt).toBeGreaterThanOrEqual(first.deliveredAt ?? Infinity);
    expect(sent.filter((entry) => !entry.startsWith(other.id))).toEqual([
      `${first.id}#1`,
      `${first.id}#2`,
      `${second.id}#1`,
    ]);
    const bodies = forA.received.map((r) => (r.json as { eventId: string }).eventId);
    expect(bodies).toEqual([first.eventId, first.eventId, second.eventId]);
  });

  it('orders callbacks per tenant: one tenant retrying an object never holds back another tenant with the same object key', async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { retrySchedule: [1_000] } },
    });
    const receiver = await startReceiver();
    receivers.push(receiver);
    receiver.plan.push({ status: 503 });

    const stalled = scheduleCallback(mock, {
      url: receiver.url,
      objectKey: 'container-type:bag',
      tenantId: 'tenant-a',
    });
    const otherTenant = scheduleCallback(mock, {
      url: receiver.url,
      objectKey: 'container-type:bag',
      tenantId: 'tenant-b',
    });

    await mock.core.scheduler.advance(0);
    expect(stalled.state).toBe('retrying');
    expect(otherTenant.state).toBe('delivered');
  });

  it('sends the next callback for an object as soon as the earlier one is dead', async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { retrySchedule: [] } },
    });
    const receiver = await startReceiver();
    receivers.push(receiver);
    receiver.plan.push({ status: 500 });
    const first = scheduleCallback(mock, { url: receiver.url, objectKey: 'bag:a' });
    const second = scheduleCallback(mock, { url: receiver.url, objectKey: 'bag:a' });

    await mock.core.scheduler.advance(0);
    expect(first.state).toBe('dead');
    expect(second.state).toBe('delivered');
  });

  it('never has more attempts in flight than callbacks.concurrency', async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { concurrency: 3 } },
    });
    let active = 0;
    let mostActive = 0;
    let answered = 0;
    const server = createServer((request, response) => {
      active++;
      mostActive = Math.max(mostActive, active);
      request.resume();
      // The receiver takes a little while, so unlimited attempts would overlap.
      setTimeout(() => {
        active--;
        answered++;
        response.writeHead(200).end();
      }, 15);
    });
    const receiver = await listenOnLoopback(server);
    try {
      const records = Array.from({ length: 12 }, (_, i) =>
        scheduleCallback(mock as MockServer, {
          url: receiver.url,
          objectKey: `bag:${i}`,
        }),
      );
      await mock.core.scheduler.advance(0);
      expect(records.every((record) => record.state === 'delivered')).toBe(true);
      expect(answered).toBe(12);
      expect(mostActive).toBe(3);
    } finally {
      await receiver.close();
    }
  });
});
