import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { interceptOs1 } from '../../mock-server/nock/index.js';
import { startMockServer } from '../../mock-server/server.js';
import { call, os1Headers } from '../support/os1-client.js';
import { startReceiver } from '../support/receiver.js';

/** Timers, sockets and servers this process holds, counted by kind. */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Resources held now beyond those in `before`, by kind (empty when nothing leaked). */
function beyond(before: Record<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [kind, count] of Object.entries(activeResources())) {
    if (count > (before[kind] ?? 0)) extra[kind] = count - (before[kind] ?? 0);
  }
  return extra;
}

/**
 * What is held beyond `before` once closed sockets and servers have left the event loop's books,
 * which takes a turn or two after their close callbacks: waits at most 20 turns.
 */
async function leakedSince(before: Record<string, number>): Promise<Record<string, number>> {
  for (let i = 0; i < 20 && Object.keys(beyond(before)).length > 0; i++) await turn();
  return beyond(before);
}

describe('cleaning up', () => {
  it('startMockServer: stop() leaves no timer, socket or server behind after callbacks went out', async () => {
    const receiver = await startReceiver();
    await turn();
    const before = activeResources();

    const mock = await startMockServer({
      clock: 'real',
      config: { callbacks: { delay: { distribution: 'fixed', ms: 0 } } },
    });
    const created = await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
      body: { callback: receiver.url },
    });
    await mock.deliveries.waitFor((record) => record.payload.data.id === created.body.data.id);
    // A callback scheduled far ahead keeps a timer armed until stop().
    await call(mock.url, 'POST', '/core/api/v2/containers/bag', { body: {} });
    mock.core.scheduler.after(3_600_000, () => {});
    expect(await mock.stop()).toBe(0);

    expect(await leakedSince(before)).toEqual({});
    await receiver.close();
  });

  it('interceptOs1: restore() removes its interceptors and leaves no timer or socket behind', async () => {
    const receiver = await startReceiver();
    await turn();
    const before = activeResources();

    const os1 = interceptOs1({
      baseUrl: 'https://leaks.os1.test',
      config: { callbacks: { delay: { distribution: 'fixed', ms: 0 } } },
    });
    const response = await fetch('https://leaks.os1.test/core/api/v2/containers/bag', {
      method: 'POST',
      headers: os1Headers('acme'),
      body: JSON.stringify({ callback: receiver.url }),
    });
    const { data } = (await response.json()) as { data: { id: string } };
    await os1.deliveries.waitFor((record) => record.payload.data.id === data.id);
    // Work scheduled far ahead keeps a timer armed until restore().
    os1.core.scheduler.after(3_600_000, () => {});
    os1.restore();

    expect(nock.activeMocks()).toEqual([]);
    expect(await leakedSince(before)).toEqual({});
    await receiver.close();
  });
});
