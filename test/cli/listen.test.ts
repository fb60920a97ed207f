import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMES } from '../../mock-server/signing/schemes.js';
import type { RunningProcess } from '../support/cli-process.js';
import { spawnCli } from '../support/cli-process.js';

describe('os1-mock listen', () => {
  let running: RunningProcess | undefined;

  afterEach(async () => {
    await running?.stop('SIGKILL');
    running = undefined;
  });

  it('prints where it receives, checks the signature and answers with --status', async () => {
    running = spawnCli(['listen', '--port', '0', '--secret', 'listen-secret', '--status', '202']);
    const [, url] = await running.waitForOutput(
      /receiving callbacks at (http:\/\/127\.0\.0\.1:\d+)\//,
    );
    const body = JSON.stringify({
      eventType: 'container.created',
      status: 'created',
      data: { id: 'c1' },
    });
    const headers = SCHEMES.os1.sign({
      body: Buffer.from(body),
      secrets: ['listen-secret'],
      eventId: 'evt_1',
      timestampMs: Date.now(),
    });
    const answer = await fetch(`${url}/hook`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(202);
    await running.waitForOutput(
      /POST \/hook container\.created created c1 \| signature valid \| answered 202/,
    );
  });

  it('explains a port that is already in use and exits 2', async () => {
    running = spawnCli(['listen', '--port', '0']);
    const [, port] = await running.waitForOutput(/at http:\/\/127\.0\.0\.1:(\d+)\//);
    const second = spawnCli(['listen', '--port', port as string]);
    expect(await second.exited).toBe(2);
    expect(second.stderr()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(second.stderr()).toContain('--port 0 picks a free one');
  });
});

describe('listen and serve refuse a host they cannot bind', () => {
  const hosts = [
    'nosuchhost.invalid',
    '999.9.9.9',
    // A real address (TEST-NET-1), but not one of this machine's.
    '192.0.2.1',
  ];
  it.each(
    hosts.flatMap((host) => [
      ['listen', host],
      ['serve', host],
    ]),
  )('%s --host %s exits 2 and says to use 127.0.0.1', async (command, host) => {
    const run = spawnCli([command as string, '--port', '0', '--host', host as string]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(`os1-mock: cannot bind to host ${host}`);
    expect(run.stderr()).toContain('Use --host 127.0.0.1');
    expect(run.stderr()).not.toContain('unexpected failure');
  });

  it.each(['listen', 'serve'])(
    '%s refuses an empty --host instead of binding every interface',
    async (command) => {
      const run = spawnCli([command, '--port', '0', '--host', '']);
      expect(await run.exited).toBe(2);
      expect(run.stderr()).toContain('--host must not be empty, e.g. --host 127.0.0.1');
      expect(run.stdout()).toBe('');
    },
  );
});
