import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioRule } from '../../mock-server/generated/contracts.js';
import { seededDraw } from '../../mock-server/scenarios/seeded-draw.js';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { call, os1Headers } from '../support/os1-client.js';
import type { TestReceiver } from '../support/receiver.js';
import { startReceiver } from '../support/receiver.js';
import { addRules, BAGS } from './helpers.js';

const THIRTY_PERCENT: ScenarioRule = {
  name: 'thirty-percent',
  match: { service: 'Container', operation: 'create' },
  probability: 0.3,
  action: { type: 'fail-async' },
};

describe('seeded probabilities', () => {
  const started: Array<{ mock: MockServer; receiver: TestReceiver }> = [];

  afterEach(async () => {
    for (const { mock, receiver } of started.splice(0)) {
      await mock.stop();
      await receiver.close();
    }
  });

  /** Starts a server, optionally keeps it busy first, adds the rule, and answers which of 40 creates failed. */
  async function failuresOver40Creates(seed: number, busyFirst = false): Promise<boolean[]> {
    const mock = await startMockServer({ clock: 'virtual', config: { seed } });
    const receiver = await startReceiver();
    started.push({ mock, receiver });
    const post = async (path: string, body: unknown) => {
      const response = await call(mock.url, 'POST', path, { headers: os1Headers(), body });
      expect(response.status).toBe(202);
      return response.body.data.id as string;
    };
    if (busyFirst) {
      // Unrelated work before the rule exists, another rule drawing on the same creates, and
      // creates the 30% rule would have matched had it been there.
      await addRules(mock, {
        name: 'noise',
        match: { operation: 'create' },
        probability: 0.5,
        action: { type: 'slow', delayMs: 10 },
      });
      for (let i = 0; i < 7; i++) await post(BAGS, { callback: { url: receiver.url } });
      const pallet = await post('/core/api/v2/containers/pallet', {});
      await mock.core.scheduler.advance(1000);
      await call(mock.url, 'PUT', `/core/api/v2/containers/pallet/${pallet}`, {
        headers: os1Headers(),
        body: { isHazmat: true },
      });
      await call(mock.url, 'GET', `${BAGS}/filter`, { headers: os1Headers() });
      await mock.core.scheduler.advance(1000);
    }
    await addRules(mock, THIRTY_PERCENT);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await post(BAGS, { callback: { url: receiver.url } }));
    await mock.core.scheduler.advance(1000);
    const statuses = new Map(
      mock.core.deliveries.list().map((record) => [record.payload.data.id, record.payload.status]),
    );
    return ids.map((id) => {
      const status = statuses.get(id);
      expect(status, `callback for create ${id}`).toBeDefined();
      return status === 'failed';
    });
  }

  it('fails the same requests of 40 creates on two servers started with the same seed', async () => {
    const first = await failuresOver40Creates(7);
    const second = await failuresOver40Creates(7);
    expect(second).toEqual(first);
    const failed = first.filter(Boolean).length;
    expect(failed).toBeGreaterThanOrEqual(4);
    expect(failed).toBeLessThanOrEqual(20);
  });

  it('fails the same requests even when one server served unrelated requests and other rules before the rule was added', async () => {
    const quiet = await failuresOver40Creates(7);
    const busy = await failuresOver40Creates(7, true);
    expect(busy).toEqual(quiet);
  });

  it('fails a different set of requests with a different seed', async () => {
    const seven = await failuresOver40Creates(7);
    const eight = await failuresOver40Creates(8);
    expect(eight).not.toEqual(seven);
  });

  it('fails exactly the requests whose draw, hash(seed, rule name, index), is under the probability', async () => {
    const outcomes = await failuresOver40Creates(11);
    const expected = outcomes.map((_, index) => seededDraw(11, 'thirty-percent', index) < 0.3);
    expect(outcomes).toEqual(expected);
  });
});
