import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeOptions } from '../../mock-server/cli/serve-options.js';
import { defaultConfig } from '../../mock-server/config/defaults.js';
import { startMockServer } from '../../mock-server/server.js';
import { spawnCli } from '../support/cli-process.js';
import { useMockFixture } from '../support/mock-fixture.js';

const BAGS = '/core/api/v2/containers/bag';

describe('callbacks.retainFinished 5', () => {
  const fx = useMockFixture({ config: { callbacks: { retainFinished: 5 } } });

  it('forgets the oldest finished deliveries once 10% plus 10 more have finished, keeping the newest 5', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 16; n++) {
      const answer = await fx.request('POST', BAGS, { body: fx.callback({ n }) });
      expect(answer.status).toBe(202);
      ids.push(answer.body.data.id as string);
    }
    await fx.settle();
    await fx.mock.core.deliveries.waitFor(() => fx.mock.core.pendingCallbacks() === 0);
    expect(fx.receiver.received).toHaveLength(16);

    // 5 * 1.1 + 10 = 15.5: the 16th finished delivery trims the list back to the newest 5.
    const kept = await fx.request('GET', '/__admin/deliveries', { headers: {} });
    expect(kept.status).toBe(200);
    const deliveries = kept.body.deliveries as Array<{ objectKey: string; state: string }>;
    expect(deliveries.map((delivery) => delivery.objectKey)).toEqual(ids.slice(-5));
    expect(kept.body.total).toBe(5);
  });
});

describe('callbacks.retainFinished', () => {
  it('defaults to 10,000', () => {
    expect(defaultConfig().callbacks.retainFinished).toBe(10_000);
  });

  it.each([
    [-1, '"callbacks.retainFinished" must be >= 0'],
    [2.5, '"callbacks.retainFinished" must be integer'],
    [10_000_001, '"callbacks.retainFinished" must be <= 10000000'],
  ])('refuses %j in the config, naming the key', async (retainFinished, message) => {
    await expect(startMockServer({ config: { callbacks: { retainFinished } } })).rejects.toThrow(
      message,
    );
  });

  it('is set by serve --retain-finished, 0 included', () => {
    expect(parseServeOptions(['--retain-finished', '50'], {}).overrides.callbacks).toEqual({
      retainFinished: 50,
    });
    expect(parseServeOptions(['--retain-finished=0'], {}).overrides.callbacks).toEqual({
      retainFinished: 0,
    });
  });

  it.each([
    [['--retain-finished', 'all'], '--retain-finished must be a whole number from 0 to 10000000'],
    [['--retain-finished'], '--retain-finished needs a value, e.g. --retain-finished <value>'],
  ])('serve refuses %j: exit 2 and what to type', async (flags, message) => {
    const run = spawnCli(['serve', ...flags]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(message);
  });

  it('serve refuses a config file with a negative callbacks.retainFinished: exit 2, naming the key', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'os1-mock-retain-')), 'config.json');
    writeFileSync(file, JSON.stringify({ callbacks: { retainFinished: -5 } }));
    const run = spawnCli(['serve', '--config', file]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('"callbacks.retainFinished" must be >= 0');
  });
});
