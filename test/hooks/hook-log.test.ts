import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve } from '../../mock-server/cli/serve.js';
import type { MockServer } from '../../mock-server/server.js';
import type { HookServer } from '../support/hook-server.js';
import { startHookServer } from '../support/hook-server.js';
import { call, os1Headers } from '../support/os1-client.js';

// serve's pino logger, writing JSON lines into `logged` instead of stdout.
const logged = vi.hoisted(() => [] as string[]);
vi.mock('../../mock-server/logging.js', async (original) =>
  (await import('../support/capture-logs.js')).captureLogs(original, logged),
);

const ACCESS_TOKEN = 'access-token-in-no-log';

describe('os1-mock serve with validation hooks', () => {
  let server: MockServer | null = null;
  let hooks: HookServer | undefined;

  afterEach(async () => {
    await server?.stop();
    await hooks?.close();
    server = null;
    logged.length = 0;
  });

  it('logs one line per hook call, a warning when it rejected the request, and never the token', async () => {
    hooks = await startHookServer((request) =>
      request.path === '/reject?apiKey=k1'
        ? { status: 422, body: { reason: 'no tracking id' } }
        : { status: 200, body: {} },
    );
    const out: string[] = [];
    server = await serve(['--port', '0', '--clock', 'virtual', '--log-format', 'json'], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      env: {},
      stopRequested: () => new Promise(() => {}),
    });
    const mock = server as MockServer;
    const headers = os1Headers('tenant-a', {
      'x-coreos-access': ACCESS_TOKEN,
      'x-coreos-origin-token': ACCESS_TOKEN,
    });
    const requestHeader = { authorization: 'Bearer {{token}}' };
    const passed = await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
      headers,
      body: { onRequest: { url: `${hooks.url}/pass`, wait: true, requestHeader } },
    });
    expect(passed.status).toBe(202);
    const rejected = await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
      headers,
      body: {
        onRequest: {
          url: `${hooks.url}/reject?apiKey=k1`,
          wait: true,
          raiseErrorOnStatusMismatch: true,
          requestHeader,
        },
      },
    });
    expect(rejected.status).toBe(400);

    const lines = logged
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => typeof line.hookCall === 'string');
    expect(lines.map((line) => [line.level, line.outcome, line.status])).toEqual([
      [30, 'passed', 200],
      [40, 'mismatch', 422],
    ]);
    expect(String(lines[0]?.msg)).toBe(
      `hook create:OnRequest → ${hooks.url}/pass: HTTP 200, passed`,
    );
    expect(String(lines[1]?.msg)).toBe(
      `hook create:OnRequest → ${hooks.url}/reject?apiKey=***: HTTP 422, mismatch, request refused at once`,
    );
    expect([...logged, ...out].join('\n')).not.toContain(ACCESS_TOKEN);
    expect(hooks.received[0]?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  });
});
