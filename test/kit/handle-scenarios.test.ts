import { afterEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { call } from '../support/os1-client.js';
import { startReceiver, type TestReceiver } from '../support/receiver.js';

describe('the handle’s scenarios', () => {
  let mock: MockServer;
  let receiver: TestReceiver;

  afterEach(async () => {
    await mock.stop();
    await receiver.close();
  });

  it('adds a rule that fails the next bag create, and lists how often it fired', async () => {
    mock = await startMockServer({ clock: 'virtual' });
    receiver = await startReceiver();
    mock.scenarios.add({
      name: 'bags-fail',
      match: { service: 'Container', operation: 'create', type: 'bag' },
      action: { type: 'fail-async', reason: 'warehouse offline' },
    });

    const created = await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
      body: { callback: receiver.url },
    });
    await mock.clock.advance(1_000);
    const delivery = await mock.deliveries.waitFor(
      (record) => record.payload.data.id === created.body.data.id,
    );

    expect(delivery.payload).toMatchObject({ status: 'failed', reason: 'warehouse offline' });
    expect(mock.scenarios.list()).toMatchObject([
      { rule: { name: 'bags-fail' }, matched: 1, fired: 1 },
    ]);
    expect(mock.scenarios.remove('bags-fail')).toBe(true);
    expect(mock.scenarios.list()).toEqual([]);
  });

  it('refuses an invalid rule, naming the field, and adds nothing', async () => {
    mock = await startMockServer({ clock: 'virtual' });
    receiver = await startReceiver();
    expect(() =>
      mock.scenarios.add(
        { name: 'fine', action: { type: 'drop' } },
        { name: 'broken', probability: 2, action: { type: 'drop' } },
      ),
    ).toThrow(/rule 2 \(broken\): probability must be <= 1/);
    expect(mock.scenarios.list()).toEqual([]);
  });
});
