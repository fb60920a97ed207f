import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve } from '../../mock-server/cli/serve.js';
import type { MockServer } from '../../mock-server/server.js';
import { call, os1Headers } from '../support/os1-client.js';
import type { TestReceiver } from '../support/receiver.js';
import { startReceiver } from '../support/receiver.js';
import { admin, retryGaps } from './helpers.js';

// serve's pino logger, writing JSON lines into `logged` instead of stdout.
const logged = vi.hoisted(() => [] as string[]);
vi.mock('../../mock-server/logging.js', async (original) =>
  (await import('../support/capture-logs.js')).captureLogs(original, logged),
);

const SERVER_SECRET = 'server-secret-in-no-log';
const TENANT_SECRET = 'tenant-secret-in-no-log';
const REQUEST_SECRET = 'request-secret-in-no-log';
const ACCESS_TOKEN = 'access-token-in-no-log';
const URL_PASSWORD = 'url-password-in-no-log';

describe('os1-mock serve', () => {
  let server: MockServer | null = null;
  let receiver: TestReceiver | undefined;

  afterEach(async () => {
    await server?.stop();
    await receiver?.close();
    server = null;
    logged.length = 0;
  });

  it('retries on --retry-schedule 100,150,200, logs one line per attempt, and never logs a secret', async () => {
    receiver = await startReceiver({ status: 503 });
    const out: string[] = [];
    server = await serve(
      [
        '--port',
        '0',
        '--clock',
        'virtual',
        '--secret',
        SERVER_SECRET,
        '--retry-schedule',
        '100,150,200',
        '--log-format',
        'json',
      ],
      {
        out: (line) => out.push(line),
        err: (line) => out.push(line),
        env: {},
        stopRequested: () => new Promise(() => {}),
      },
    );
    expect(server).not.toBeNull();
    const mock = server as MockServer;
    await admin(mock, 'PUT', '/tenants/tenant-a/secret', { secret: TENANT_SECRET });
    const target = new URL(receiver.url);
    target.username = 'hook';
    target.password = URL_PASSWORD;
    target.searchParams.set('token', URL_PASSWORD);
    const created = await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
      headers: os1Headers('tenant-a', {
        'x-coreos-access': ACCESS_TOKEN,
        'x-coreos-origin-token': ACCESS_TOKEN,
        'x-coreos-callback-secret': REQUEST_SECRET,
      }),
      body: { callback: { url: target.toString() } },
    });
    expect(created.status).toBe(202);

    await mock.core.scheduler.advance(100 + 449);
    const [record] = mock.core.deliveries.list();
    expect(record?.state).toBe('retrying');
    await mock.core.scheduler.advance(1);
    expect(record?.state).toBe('dead');
    expect(record ? retryGaps(record) : []).toEqual([100, 150, 200]);

    const lines = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
    const attempts = lines.filter((line) => line.delivery === record?.id);
    expect(attempts.map((line) => [line.attempt, line.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
      [4, 503],
    ]);
    expect(String(attempts[0]?.msg)).toMatch(/HTTP 503, attempt 1, will retry at/);
    expect(String(attempts[3]?.msg)).toMatch(/attempt 4, dead: no acknowledgement after 4/);
    expect(attempts[0]?.url).toBe(`http://***@127.0.0.1:${target.port}/callbacks?token=***`);
    const everything = [...logged, ...out].join('\n');
    for (const secret of [
      SERVER_SECRET,
      TENANT_SECRET,
      REQUEST_SECRET,
      ACCESS_TOKEN,
      URL_PASSWORD,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('logs one warning naming the rule for a callback a drop rule kept from being sent, and one line per attempt for the others', async () => {
    receiver = await startReceiver();
    const quiet = () => {};
    server = await serve(['--port', '0', '--clock', 'virtual', '--log-format', 'json'], {
      out: quiet,
      err: quiet,
      env: {},
      stopRequested: () => new Promise(() => {}),
    });
    const mock = server as MockServer;
    const rule = { name: 'drop-bags', match: { type: 'bag' }, action: { type: 'drop' } };
    expect((await admin(mock, 'POST', '/scenarios', rule)).status).toBe(201);
    for (const type of ['bag', 'box']) {
      const created = await call(mock.url, 'POST', `/core/api/v2/containers/${type}`, {
        tenant: 'tenant-a',
        body: { callback: { url: receiver.url } },
      });
      expect(created.status).toBe(202);
    }
    await mock.core.scheduler.advance(60_000);

    const records = mock.core.deliveries.list();
    const dropped = records.find((record) => record.state === 'dropped');
    const delivered = records.find((record) => record.state === 'delivered');
    expect(dropped).toBeDefined();
    expect(delivered).toBeDefined();
    expect(receiver.received).toHaveLength(1);
    const lines = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
    const droppedLines = lines.filter((line) => line.delivery === dropped?.id);
    expect(droppedLines).toEqual([
      expect.objectContaining({
        level: 40,
        eventId: dropped?.eventId,
        eventType: 'container.created',
        state: 'dropped',
        rule: 'drop-bags',
      }),
    ]);
    expect(String(droppedLines[0]?.msg)).toBe(
      `callback container.created → ${receiver.url}: not sent, dropped by scenario rule "drop-bags"`,
    );
    const deliveredLines = lines.filter((line) => line.delivery === delivered?.id);
    expect(deliveredLines.map((line) => [line.level, line.attempt, line.status])).toEqual([
      [30, 1, 200],
    ]);
  });

  it.each([
    ['warn', [[40, 1, 503]]],
    ['silent', []],
  ] as const)(
    'at --log-level %s logs only the attempt lines that level shows',
    async (level, expected) => {
      receiver = await startReceiver();
      receiver.plan.push({ status: 503 });
      const quiet = () => {};
      server = await serve(
        ['--port', '0', '--clock', 'virtual', '--retry-schedule', '100', '--log-level', level],
        { out: quiet, err: quiet, env: {}, stopRequested: () => new Promise(() => {}) },
      );
      const mock = server as MockServer;
      const created = await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
        tenant: 'tenant-a',
        body: { callback: { url: receiver.url } },
      });
      expect(created.status).toBe(202);
      await mock.core.scheduler.advance(60_000);
      const [record] = mock.core.deliveries.list();
      expect(record?.state).toBe('delivered');
      expect(record?.attempts).toHaveLength(2);
      const lines = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(
        lines
          .filter((line) => line.delivery === record?.id)
          .map((line) => [line.level, line.attempt, line.status]),
      ).toEqual(expected);
    },
  );
});
