import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../mock-server/delivery/redact-url.js';
import type { LoggedRequest } from '../../mock-server/request-log.js';
import { RequestLog } from '../../mock-server/request-log.js';

const entry = (path: string, extra: Partial<LoggedRequest> = {}): Omit<LoggedRequest, 'seq'> => ({
  at: 0,
  method: 'GET',
  path,
  query: '',
  tenantId: 'tenant-a',
  requestId: null,
  status: 200,
  errorCode: null,
  durationMs: 1,
  accessToken: null,
  callbackSecretSent: false,
  ...extra,
});

describe('the request log', () => {
  it('keeps only the last `capacity` requests, oldest first, and counts every one', () => {
    const log = new RequestLog(3);
    for (const path of ['/1', '/2', '/3', '/4', '/5']) log.record(entry(path));
    expect(log.list().map((r) => [r.seq, r.path])).toEqual([
      [3, '/3'],
      [4, '/4'],
      [5, '/5'],
    ]);
    expect(log.total).toBe(5);
  });

  it('filters by tenant, method (any case) and status', () => {
    const log = new RequestLog(10);
    log.record(entry('/a', { tenantId: 'tenant-b' }));
    log.record(entry('/b', { method: 'POST', status: 202 }));
    log.record(entry('/c', { status: 404 }));
    expect(log.list({ tenantId: 'tenant-b' }).map((r) => r.path)).toEqual(['/a']);
    expect(log.list({ method: 'post' }).map((r) => r.path)).toEqual(['/b']);
    expect(log.list({ status: 404 }).map((r) => r.path)).toEqual(['/c']);
  });

  it('starts again from nothing after clear()', () => {
    const log = new RequestLog(2);
    log.record(entry('/1'));
    log.record(entry('/2'));
    log.record(entry('/3'));
    log.clear();
    expect(log.list()).toEqual([]);
    expect(log.record(entry('/4')).seq).toBe(1);
    expect(log.list().map((r) => r.path)).toEqual(['/4']);
  });

  it('refuses a capacity below one', () => {
    expect(() => new RequestLog(0)).toThrow(RangeError);
  });
});

describe('redactUrl', () => {
  it('hides credentials and secret-looking query values, and leaves other URLs alone', () => {
    expect(redactUrl('https://user:pw@hooks.example/cb?token=abc&order=7')).toBe(
      'https://***@hooks.example/cb?token=***&order=7',
    );
    expect(redactUrl('https://hooks.example/cb?apiKey=1&sig=2')).toBe(
      'https://hooks.example/cb?apiKey=***&sig=***',
    );
    expect(redactUrl('http://127.0.0.1:4020/callbacks?order=7')).toBe(
      'http://127.0.0.1:4020/callbacks?order=7',
    );
  });
});
