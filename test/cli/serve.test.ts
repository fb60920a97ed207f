import { afterEach, describe, expect, it } from 'vitest';
import type { RunningProcess } from '../support/cli-process.js';
import { spawnCli } from '../support/cli-process.js';
import { call } from '../support/os1-client.js';

describe('os1-mock serve', () => {
  let running: RunningProcess | undefined;

  afterEach(async () => {
    await running?.stop('SIGKILL');
    running = undefined;
  });

  it('prints its base URL when ready and answers health', async () => {
    running = spawnCli(['serve', '--port', '0', '--log-level', 'silent']);
    const [, url] = await running.waitForOutput(/ready at (http:\/\/127\.0\.0\.1:\d+)/);
    const health = await fetch(`${url}/__admin/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', clock: 'real' });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'shuts down on %s and says how many callbacks were still pending',
    async (signal) => {
      running = spawnCli([
        'serve',
        '--port',
        '0',
        '--delay-ms',
        '3600000',
        '--log-level',
        'silent',
      ]);
      const [, url] = await running.waitForOutput(/ready at (http:\/\/\S+)/);
      const created = await call(url as string, 'POST', '/core/api/v2/containers/bag', {
        body: { callback: 'http://127.0.0.1:9/never' },
      });
      expect(created.status).toBe(202);
      expect(await running.stop(signal)).toBe(0);
      expect(running.stdout()).toContain(
        `os1-mock stopped (${signal}); 1 callback was still pending`,
      );
    },
  );

  it('reads the secret from OS1_MOCK_SECRET and never prints it in full', async () => {
    running = spawnCli(['serve', '--port', '0', '--log-level', 'silent'], {
      OS1_MOCK_SECRET: 'super-secret-value-123',
    });
    await running.waitForOutput(/signing: .*\n/);
    expect(running.stdout()).toContain('supe…**** (22 chars)');
    expect(running.stdout()).not.toContain('super-secret-value-123');
  });

  it('explains a port that is already in use and exits 2', async () => {
    running = spawnCli(['serve', '--port', '0', '--log-level', 'silent']);
    const [, port] = await running.waitForOutput(/ready at http:\/\/127\.0\.0\.1:(\d+)/);
    const second = spawnCli(['serve', '--port', port as string]);
    expect(await second.exited).toBe(2);
    expect(second.stderr()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(second.stderr()).toContain('--port 0 picks a free one');
  });
});

describe('os1-mock usage errors exit 2 with a message that says what to fix', () => {
  it.each([
    [['serve', '--port', 'abc'], '--port must be a whole number from 0 to 65535, got "abc"'],
    [['serve', '--port', '70000'], '--port must be a whole number from 0 to 65535'],
    [['serve', '--bogus'], 'unknown option --bogus'],
    [['serve', 'extra'], 'serve takes no arguments'],
    [['serve', '--clock', 'fast'], '--clock must be real or virtual'],
    [
      ['serve', '--scheme', 'md5'],
      '--scheme must be one of os1, os1-legacy-sha256, standard-webhooks, github',
    ],
    [['serve', '--retry-schedule', '100,x'], '--retry-schedule entry 2 must be a whole number'],
    [['serve', '--delay-ms=-5'], '--delay-ms must be a whole number'],
    [['serve', '--delay-ms', '-5'], 'write --delay-ms=<value>'],
    [['serve', '--secret', ''], '--secret (or OS1_MOCK_SECRET) must not be empty'],
    [['serve', '--log-format', 'xml'], '--log-format must be pretty or json'],
    [
      ['serve', '--config', '/nonexistent/os1.json'],
      'config file /nonexistent/os1.json does not exist',
    ],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['listen', '--status', '99'], '--status must be a final HTTP status from 200 to 599'],
    [['listen', '--status', '100'], '--status must be a final HTTP status from 200 to 599'],
    [['listen', '--status', '199'], '--status must be a final HTTP status from 200 to 599'],
    [['listen', '--status', '600'], '--status must be a final HTTP status from 200 to 599'],
  ])('%j', async (args, message) => {
    const run = spawnCli(args);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(message);
  });

  it('prints help with no command and exits 2', async () => {
    const run = spawnCli([]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('Usage: os1-mock <command>');
  });

  it('prints its version', async () => {
    const run = spawnCli(['--version']);
    expect(await run.exited).toBe(0);
    expect(run.stdout().trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
