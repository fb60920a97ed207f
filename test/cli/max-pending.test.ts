import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve } from '../../mock-server/cli/serve.js';
import { parseServeOptions } from '../../mock-server/cli/serve-options.js';
import type { MockServer } from '../../mock-server/server.js';
import { spawnCli } from '../support/cli-process.js';
import { call } from '../support/os1-client.js';
import type { TestReceiver } from '../support/receiver.js';
import { startReceiver } from '../support/receiver.js';

// serve's pino logger, writing JSON lines into `logged` instead of stdout.
const logged = vi.hoisted(() => [] as string[]);
vi.mock('../../mock-server/logging.js', async (original) =>
  (await import('../support/capture-logs.js')).captureLogs(original, logged),
);

describe('serve --max-pending', () => {
  let server: MockServer | null = null;
  let receiver: TestReceiver | null = null;

  afterEach(async () => {
    await server?.stop();
    await receiver?.close();
    server = null;
    receiver = null;
    logged.length = 0;
  });

  it('sets callbacks.maxPending, 0 included', () => {
    expect(parseServeOptions(['--max-pending', '3'], {}).overrides.callbacks).toEqual({
      maxPending: 3,
    });
    expect(parseServeOptions(['--max-pending=0'], {}).overrides.callbacks).toEqual({
      maxPending: 0,
    });
    expect(parseServeOptions([], {}).overrides.callbacks).toBeUndefined();
  });

  it.each([
    [['--max-pending=-1'], '--max-pending must be a whole number from 0 to 100000000, got "-1"'],
    [
      ['--max-pending', '2.5'],
      '--max-pending must be a whole number from 0 to 100000000, got "2.5"',
    ],
    [['--max-pending', 'lots'], '--max-pending must be a whole number from 0 to 100000000'],
    [['--max-pending'], '--max-pending needs a value, e.g. --max-pending <value>'],
    [['--max-pending', '-1'], 'write --max-pending=<value>'],
  ])('refuses %j: exit 2 and what to type', async (flags, message) => {
    const run = spawnCli(['serve', ...flags]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(message);
  });

  it('refuses a config file whose callbacks.maxPending is not a whole number from 0: exit 2, naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'os1-mock-max-pending-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ callbacks: { maxPending: -5 } }));
    const run = spawnCli(['serve', '--config', file]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('"callbacks.maxPending" must be >= 0');
  });

  it('logs one warning when requests start being refused, and again only after the backlog recovered', async () => {
    receiver = await startReceiver();
    const quiet = () => {};
    server = await serve(
      ['--port', '0', '--clock', 'virtual', '--max-pending', '2', '--log-format', 'json'],
      { out: quiet, err: quiet, env: {}, stopRequested: () => new Promise(() => {}) },
    );
    const mock = server as MockServer;
    const url = (receiver as TestReceiver).url;
    const send = async (count: number) => {
      const statuses: number[] = [];
      for (let n = 0; n < count; n++) {
        const answer = await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
          body: { callback: { url } },
        });
        statuses.push(answer.status);
      }
      return statuses;
    };
    const warnings = () =>
      logged
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => String(line.msg).startsWith('callback backlog full'));

    expect(await send(2)).toEqual([202, 202]);
    expect(warnings()).toEqual([]);
    expect(await send(3)).toEqual([503, 503, 503]);
    expect(warnings()).toEqual([
      expect.objectContaining({
        level: 40,
        pendingCallbacks: 2,
        maxPending: 2,
        msg: expect.stringContaining(
          'pass --max-pending <n> (config callbacks.maxPending; 0 for no limit)',
        ),
      }),
    ]);

    await mock.core.scheduler.advance(1000);
    await mock.core.deliveries.waitFor(() => mock.core.pendingCallbacks() === 0);
    expect(await send(3)).toEqual([202, 202, 503]);
    expect(warnings()).toHaveLength(2);
  });
});
