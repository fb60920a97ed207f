import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../mock-server/errors.js';
import {
  expectAccepted,
  expectError,
  headersWithout,
  useMockFixture,
} from '../support/mock-fixture.js';
import type { ApiResponse } from '../support/os1-client.js';
import { os1Headers } from '../support/os1-client.js';

const AUTH = '/core/api/v1/aaa/auth/client-credentials';

/** A 405 in OS1's error envelope whose description names the method and path. */
function expectMethodNotAllowed(answer: ApiResponse, mentions: string): void {
  expect(answer.status).toBe(405);
  expect(answer.body).toEqual({
    error: {
      code: ERRORS.METHOD_NOT_ALLOWED.code,
      description: expect.stringContaining(mentions),
      additionalInfo: expect.objectContaining({ error: 'METHOD_NOT_ALLOWED' }),
    },
    request: expect.objectContaining({ method: mentions.split(' ')[0] }),
  });
}
const VEHICLES = '/core/api/v2/participants/vehicles';
const vehicle = { uniqueCode: 'V-1', owner: 'o', properties: {} };

describe('client credentials', () => {
  const fx = useMockFixture();

  it('issues a bearer token for any client id and secret, without OS1 headers', async () => {
    const body = { clientId: 'my-client', clientSecret: 's3cret', audience: 'os1' };
    const answer = await fx.request('POST', AUTH, {
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: {
        accessToken: expect.stringMatching(/^os1mock_/),
        tokenType: 'Bearer',
        expiresIn: 3600,
      },
      request: {
        uri: AUTH,
        method: 'POST',
        queryString: '',
        body: { clientId: 'my-client', clientSecret: '****** (6 chars)', audience: 'os1' },
      },
    });
  });

  it('never echoes a client secret in full, even when the request is refused', async () => {
    const answer = await fx.request('POST', AUTH, {
      body: { clientId: '', clientSecret: 'a-long-client-secret' },
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toContain('a-long-client-secret');
    expect(answer.body.request.body.clientSecret).toBe('a-lo…**** (20 chars)');
  });

  it('refuses a request without clientSecret, naming the field', async () => {
    expectError(
      await fx.request('POST', AUTH, { body: { clientId: 'c' } }),
      'VALIDATION_FAILED',
      'clientSecret is required',
      { field: 'clientSecret', rule: 'required', schema: 'auth-token-request.json' },
    );
  });

  it('answers 405 to GET on the token endpoint', async () => {
    expectMethodNotAllowed(await fx.request('GET', AUTH), `GET is not allowed on ${AUTH}`);
  });
});

describe('OS1 request headers', () => {
  const fx = useMockFixture();

  it('answers 401 without X-COREOS-ACCESS, before checking any other header', async () => {
    for (const headers of [
      headersWithout('x-coreos-access'),
      { 'content-type': 'application/json' },
    ]) {
      expectError(
        await fx.request('GET', VEHICLES, { headers }),
        'UNAUTHORIZED',
        'X-COREOS-ACCESS',
        { header: 'X-COREOS-ACCESS' },
      );
    }
  });

  it('answers 400 naming X-COREOS-TID or X-COREOS-REQUEST-ID when either is missing or empty', async () => {
    for (const header of ['X-COREOS-TID', 'X-COREOS-REQUEST-ID']) {
      expectError(
        await fx.request('GET', VEHICLES, { headers: headersWithout(header) }),
        'MISSING_HEADER',
        header,
        { header },
      );
      expectError(
        await fx.request('GET', VEHICLES, { extraHeaders: { [header.toLowerCase()]: '  ' } }),
        'MISSING_HEADER',
        header,
        { header },
      );
    }
  });

  it('refuses a tenant id with characters outside the allowed set', async () => {
    expectError(
      await fx.request('GET', VEHICLES, { tenant: 'tenant a/b' }),
      'INVALID_HEADER',
      'X-COREOS-TID',
      { header: 'X-COREOS-TID' },
    );
  });

  it('requires X-COREOS-ORIGIN-TOKEN on POST and PUT but not on GET', async () => {
    const headers = headersWithout('x-coreos-origin-token');
    expectError(
      await fx.request('POST', VEHICLES, { headers, body: vehicle }),
      'MISSING_HEADER',
      'X-COREOS-ORIGIN-TOKEN',
      { header: 'X-COREOS-ORIGIN-TOKEN' },
    );
    expectError(
      await fx.request('PUT', `${VEHICLES}/vehicle:x`, { headers, body: { properties: {} } }),
      'MISSING_HEADER',
      'X-COREOS-ORIGIN-TOKEN',
      { header: 'X-COREOS-ORIGIN-TOKEN' },
    );
    expect((await fx.request('GET', VEHICLES, { headers })).status).toBe(200);
    expect(fx.mock.core.operations.pending).toBe(0);
  });

  it('refuses X-COREOS-USERINFO that is not a JSON object', async () => {
    for (const value of ['not json', '[1,2]', '"text"', 'null']) {
      expectError(
        await fx.request('GET', VEHICLES, { extraHeaders: { 'x-coreos-userinfo': value } }),
        'INVALID_HEADER',
        'X-COREOS-USERINFO',
        { header: 'X-COREOS-USERINFO' },
      );
    }
  });

  it('records the X-COREOS-USERINFO id as createdBy, and anonymous without one', async () => {
    const ids: string[] = [];
    for (const [uniqueCode, headers] of [
      ['U-7', os1Headers('tenant-a', { 'x-coreos-userinfo': '{"id":7,"name":"ops"}' })],
      ['U-anon', headersWithout('x-coreos-userinfo')],
    ] as const) {
      ids.push(
        (await fx.request('POST', VEHICLES, { headers, body: { ...vehicle, uniqueCode } })).body
          .data.id,
      );
    }
    await fx.settle();
    const createdBy = async (id: string | undefined) =>
      (await fx.request('GET', `${VEHICLES}/${id}`)).body.data.createdBy;
    expect([await createdBy(ids[0]), await createdBy(ids[1])]).toEqual(['7', 'anonymous']);
  });

  it('signs the callback with X-COREOS-CALLBACK-SECRET and refuses one with spaces', async () => {
    expectError(
      await fx.request('POST', VEHICLES, {
        body: vehicle,
        extraHeaders: { 'x-coreos-callback-secret': 'has a space' },
      }),
      'INVALID_HEADER',
      'X-COREOS-CALLBACK-SECRET',
      { header: 'X-COREOS-CALLBACK-SECRET' },
    );
    const body = { ...vehicle, ...fx.callback() };
    const answer = await fx.request('POST', VEHICLES, {
      body,
      extraHeaders: { 'x-coreos-callback-secret': 'cGVyLXJlcXVlc3Q=' },
    });
    const id = expectAccepted(answer, { uri: VEHICLES, method: 'POST', body });
    expect(JSON.stringify(answer.body)).not.toContain('cGVyLXJlcXVlc3Q=');
    await fx.settle();
    await fx.callbackFor(id);
    const [callback] = fx.receiver.received;
    expect(callback?.headers['x-coreos-hmac-signature']).toBe(
      createHmac('sha256', 'cGVyLXJlcXVlc3Q=')
        .update(callback?.body ?? '')
        .digest('hex'),
    );
  });

  it('answers 405 naming the method and path to a wrong method on an existing path', async () => {
    expectMethodNotAllowed(
      await fx.request('DELETE', VEHICLES),
      `DELETE is not allowed on ${VEHICLES}`,
    );
    expectMethodNotAllowed(
      await fx.request('PATCH', '/core/api/v2/containers/container-types', { body: {} }),
      'PATCH is not allowed on /core/api/v2/containers/container-types',
    );
    expect(fx.mock.core.operations.pending).toBe(0);
  });

  it('lists the allowed methods in the Allow header and additionalInfo of a 405', async () => {
    const answer = await fx.request('DELETE', VEHICLES);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(answer.body.error.additionalInfo.allowed).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('answers 404 naming the method and path for a route no endpoint has', async () => {
    expectError(
      await fx.request('GET', '/core/api/v2/warehouses/things'),
      'ROUTE_NOT_FOUND',
      'GET /core/api/v2/warehouses/things',
    );
    expectError(
      await fx.request('POST', '/nowhere', { body: {} }),
      'ROUTE_NOT_FOUND',
      'POST /nowhere',
    );
  });

  it('answers 415 to a body that is not sent as JSON, naming Content-Type', async () => {
    expectError(
      await fx.request('POST', VEHICLES, {
        rawBody: JSON.stringify(vehicle),
        extraHeaders: { 'content-type': 'text/plain' },
      }),
      'UNSUPPORTED_MEDIA_TYPE',
      'Content-Type: application/json (got "text/plain")',
      { header: 'Content-Type' },
    );
    expectError(
      await fx.request('POST', VEHICLES, {
        rawBody: JSON.stringify(vehicle),
        extraHeaders: { 'content-type': 'application/json; charset=latin1' },
      }),
      'UNSUPPORTED_MEDIA_TYPE',
      'charset=latin1',
      { header: 'Content-Type' },
    );
    expect(fx.mock.core.operations.pending).toBe(0);
  });

  it('answers 400 to a body that is not valid JSON', async () => {
    expectError(
      await fx.request('POST', VEHICLES, { rawBody: '{"uniqueCode": ' }),
      'INVALID_JSON',
      'not valid JSON',
    );
  });
});

describe('body size limit', () => {
  const fx = useMockFixture({ config: { limits: { bodyBytes: 2048, jsonDepth: 64 } } });

  it('answers 413 naming the limit to a body over limits.bodyBytes, and accepts one under it', async () => {
    const big = { ...vehicle, properties: { blob: 'x'.repeat(2100) } };
    expectError(
      await fx.request('POST', VEHICLES, { body: big }),
      'PAYLOAD_TOO_LARGE',
      '2048 bytes',
      { limitBytes: 2048 },
    );
    const small = { ...vehicle, properties: { blob: 'x'.repeat(1800) } };
    expect((await fx.request('POST', VEHICLES, { body: small })).status).toBe(202);
  });
});

describe('auth.requireIssuedToken', () => {
  const fx = useMockFixture({
    config: { auth: { requireIssuedToken: true, tokenTtlSeconds: 60 } },
  });

  const issued = async (): Promise<string> =>
    (
      await fx.request('POST', AUTH, {
        body: { clientId: 'c', clientSecret: 's' },
        headers: { 'content-type': 'application/json' },
      })
    ).body.data.accessToken;

  const withToken = (token: string) => ({
    extraHeaders: { 'x-coreos-access': token, 'x-coreos-origin-token': token },
  });

  it('answers 401 to a token the mock did not issue', async () => {
    expectError(
      await fx.request('GET', VEHICLES, withToken('made-up')),
      'UNAUTHORIZED',
      'auth.requireIssuedToken',
      { header: 'X-COREOS-ACCESS', reason: 'unknown' },
    );
  });

  it('accepts an issued token, bare or as Bearer, on reads and writes', async () => {
    const token = await issued();
    expect((await fx.request('GET', VEHICLES, withToken(token))).status).toBe(200);
    expect((await fx.request('GET', VEHICLES, withToken(`Bearer ${token}`))).status).toBe(200);
    expect(
      (await fx.request('POST', VEHICLES, { body: vehicle, ...withToken(token) })).status,
    ).toBe(202);
  });

  it('answers 401 once the token has expired on the mock clock', async () => {
    const token = await issued();
    await fx.settle(59_000);
    expect((await fx.request('GET', VEHICLES, withToken(token))).status).toBe(200);
    await fx.settle(1_000);
    expectError(await fx.request('GET', VEHICLES, withToken(token)), 'UNAUTHORIZED', 'expired', {
      header: 'X-COREOS-ACCESS',
      reason: 'expired',
    });
  });
});
