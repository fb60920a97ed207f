import { describe, expect, it } from 'vitest';
import { TokenRegistry } from '../../mock-server/domain/tokens.js';
import { Os1Error } from '../../mock-server/errors.js';
import type { Os1RequestInfo } from '../../mock-server/http/context.js';
import { os1HeaderReader } from '../../mock-server/http/steps/os1-headers.js';

const GOOD = {
  'x-coreos-access': 'token-1',
  'x-coreos-tid': 'tenant-a',
  'x-coreos-request-id': 'req-1',
  'x-coreos-origin-token': 'token-1',
};

/** Runs the header check on a GET; answers what it recorded, or the error it threw. */
async function check(
  overrides: Record<string, string | undefined>,
): Promise<Os1RequestInfo | { error: string; header: unknown; reason?: unknown }> {
  const headers = Object.fromEntries(
    Object.entries({ ...GOOD, ...overrides }).filter(([, value]) => value !== undefined),
  );
  const read = os1HeaderReader({ requireIssuedToken: false, tokens: new TokenRegistry(Date.now) });
  try {
    return read('GET', headers);
  } catch (error) {
    if (!(error instanceof Os1Error)) throw error;
    return {
      error: error.errorName,
      header: error.additionalInfo.header,
      ...(error.additionalInfo.reason === undefined ? {} : { reason: error.additionalInfo.reason }),
    };
  }
}

describe('os1HeaderReader', () => {
  it('reads a bare token and a Bearer token alike', async () => {
    expect(await check({})).toMatchObject({ accessToken: 'token-1', tenantId: 'tenant-a' });
    expect(await check({ 'x-coreos-access': 'Bearer abc.def-_~+/=' })).toMatchObject({
      accessToken: 'abc.def-_~+/=',
    });
  });

  it.each([
    ['"Bearer" with no token', 'Bearer'],
    ['"bearer" and spaces', 'bearer   '],
  ])('answers 401 to %s', async (_what, value) => {
    expect(await check({ 'x-coreos-access': value })).toEqual({
      error: 'UNAUTHORIZED',
      header: 'X-COREOS-ACCESS',
    });
  });

  it.each([
    ['a token with a space inside', 'two words'],
    ['a token over 8192 characters', 't'.repeat(8193)],
    ['a token with non-ASCII bytes', Buffer.from('tökén').toString('latin1')],
  ])('answers 401 to %s, naming it malformed', async (_what, value) => {
    expect(await check({ 'x-coreos-access': value })).toEqual({
      error: 'UNAUTHORIZED',
      header: 'X-COREOS-ACCESS',
      reason: 'malformed',
    });
  });

  it('accepts a token of exactly 8192 characters', async () => {
    expect(await check({ 'x-coreos-access': 't'.repeat(8192) })).toMatchObject({
      tenantId: 'tenant-a',
    });
  });

  it('refuses a request id over 256 characters or with non-ASCII bytes, and keeps one with spaces', async () => {
    for (const value of ['r'.repeat(257), Buffer.from('réq').toString('latin1')]) {
      expect(await check({ 'x-coreos-request-id': value })).toEqual({
        error: 'INVALID_HEADER',
        header: 'X-COREOS-REQUEST-ID',
      });
    }
    expect(await check({ 'x-coreos-request-id': 'batch 7 / retry 2' })).toMatchObject({
      requestId: 'batch 7 / retry 2',
    });
  });

  it('reads the user id of each X-COREOS-USERINFO value, sent again or in turn, and refuses a bad one after a good one', async () => {
    const userOf = async (userInfo: string) => {
      const result = await check({ 'x-coreos-userinfo': userInfo });
      return 'userId' in result ? result.userId : result.error;
    };
    const values = ['{"id":"u1"}', '{"id":"u1"}', '{"id":7}', '{"name":"x"}', '{"id":"u1"}'];
    const ids = [];
    for (const value of values) ids.push(await userOf(value));
    expect(ids).toEqual(['u1', 'u1', '7', 'anonymous', 'u1']);
    expect(await userOf('[1]')).toBe('INVALID_HEADER');
    expect(await userOf('[1]')).toBe('INVALID_HEADER');
    expect(await userOf('{"id":"u1"}')).toBe('u1');
  });
});
