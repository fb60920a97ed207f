import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve } from '../../mock-server/cli/serve.js';
import { parseServeOptions } from '../../mock-server/cli/serve-options.js';
import type { MockServer } from '../../mock-server/server.js';
import { spawnCli } from '../support/cli-process.js';
import { call } from '../support/os1-client.js';

// serve's pino logger, writing JSON lines into `logged` instead of stdout.
const logged = vi.hoisted(() => [] as string[]);
vi.mock('../../mock-server/logging.js', async (original) =>
  (await import('../support/capture-logs.js')).captureLogs(original, logged),
);

describe('serve --max-objects', () => {
  let server: MockServer | null = null;

  afterEach(async () => {
    await server?.stop();
    server = null;
    logged.length = 0;
  });

  it('sets store.maxObjects, 0 included', () => {
    expect(parseServeOptions(['--max-objects', '3'], {}).overrides.store).toEqual({
      maxObjects: 3,
    });
    expect(parseServeOptions(['--max-objects=0'], {}).overrides.store).toEqual({ maxObjects: 0 });
    expect(parseServeOptions([], {}).overrides.store).toBeUndefined();
  });

  it.each([
    [['--max-objects=-1'], '--max-objects must be a whole number from 0 to 100000000, got "-1"'],
    [
      ['--max-objects', '2.5'],
      '--max-objects must be a whole number from 0 to 100000000, got "2.5"',
    ],
    [['--max-objects', 'lots'], '--max-objects must be a whole number from 0 to 100000000'],
    [['--max-objects', '-1'], 'write --max-objects=<value>'],
  ])('refuses %j: exit 2 and what to type', async (flags, message) => {
    const run = spawnCli(['serve', ...flags]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(message);
  });

  it('logs one warning when the store first forgets an object, and again only after a reset', async () => {
    const quiet = () => {};
    server = await serve(
      ['--port', '0', '--clock', 'virtual', '--max-objects', '2', '--log-format', 'json'],
      { out: quiet, err: quiet, env: {}, stopRequested: () => new Promise(() => {}) },
    );
    const mock = server as MockServer;
    const createBags = async (count: number) => {
      for (let n = 0; n < count; n++) {
        const created = await call(mock.url, 'POST', '/core/api/v2/containers/bag', { body: {} });
        expect(created.status).toBe(202);
        await mock.core.scheduler.advance(1000);
      }
    };
    const warnings = () =>
      logged
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => String(line.msg).startsWith('store full'));

    await createBags(2);
    expect(warnings()).toEqual([]);
    await createBags(3);
    expect(mock.core.store.capacity.evicted).toBe(3);
    expect(warnings()).toEqual([
      expect.objectContaining({
        level: 40,
        maxObjects: 2,
        msg: expect.stringContaining(
          'Pass --max-objects <n> (config store.maxObjects; 0 for no limit)',
        ),
      }),
    ]);

    const reset = await fetch(`${mock.url}/__admin/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    await createBags(4);
    expect(warnings()).toHaveLength(2);
  });
});
