import { describe, expect, it } from 'vitest';
import { expectAccepted, expectError, TENANT_A, useMockFixture } from '../support/mock-fixture.js';
import type { ApiResponse } from '../support/os1-client.js';
import { os1Headers } from '../support/os1-client.js';
import { rawRequest } from '../support/raw-request.js';

const BAGS = '/core/api/v2/containers/bag';
const KNOWN = [
  'X-OS1-Mock-Outcome',
  'X-OS1-Mock-Reason',
  'X-OS1-Mock-Delay-Ms',
  'X-OS1-Mock-Status',
];

/**
 * X-OS1-Mock-* headers act on asynchronous (202) requests only, as the README says: a misspelled
 * one, a repeated one, or one on a request answered at once is a 400, never silently ignored.
 */
describe('X-OS1-Mock-* header names and where they apply', () => {
  const fx = useMockFixture();

  it('answers 400 to a misspelled control header, naming it and listing the known ones', async () => {
    const answer = await fx.request('POST', BAGS, {
      body: fx.callback(),
      extraHeaders: { 'X-OS1-Mock-Delay': '5000' },
    });
    expectError(answer, 'INVALID_HEADER', /x-os1-mock-delay is not a header of os1-mock/i, {
      header: expect.stringMatching(/^x-os1-mock-delay$/i),
      reason: 'unknown',
      known: KNOWN,
    });
    for (const name of KNOWN) expect(answer.body.error.description).toContain(name);
    expect(fx.mock.core.deliveries.list()).toEqual([]);
  });

  it('answers 400 to a control header sent twice, saying it was sent more than once', async () => {
    const raw = await rawRequest(fx.mock.url, {
      method: 'POST',
      path: BAGS,
      headers: { ...os1Headers(TENANT_A), 'x-os1-mock-delay-ms': ['10', '20'] },
      body: JSON.stringify(fx.callback()),
    });
    const answer: ApiResponse = { status: raw.status, body: raw.json, headers: new Headers() };
    expectError(answer, 'INVALID_HEADER', 'X-OS1-Mock-Delay-Ms was sent more than once', {
      header: 'X-OS1-Mock-Delay-Ms',
      reason: 'repeated',
    });
  });

  it('reads a control header whatever the case of its name', async () => {
    const answer = await fx.request('POST', BAGS, {
      body: {},
      extraHeaders: { 'X-OS1-MOCK-STATUS': '409' },
    });
    expect(answer.status).toBe(409);
  });

  it('accepts a POST with known control headers and applies them', async () => {
    const answer = await fx.request('POST', BAGS, {
      body: fx.callback(),
      extraHeaders: { 'X-OS1-Mock-Outcome': 'failed', 'X-OS1-Mock-Delay-Ms': '10' },
    });
    const id = expectAccepted(answer, { uri: BAGS, method: 'POST', body: fx.callback() });
    await fx.settle();
    expect(JSON.parse((await fx.callbackFor(id)).body)).toMatchObject({ status: 'failed' });
  });

  it.each([
    ['GET', `${BAGS}/some-id`, { 'X-OS1-Mock-Status': '999' }],
    ['GET', `${BAGS}/some-id`, { 'X-OS1-Mock-Status': '409' }],
    ['GET', '/core/api/v2/containers/container-types', { 'X-OS1-Mock-Delay-Ms': '10' }],
  ])(
    'answers 400 to %s %s with a control header: it applies to 202 requests only',
    async (method, path, extra) => {
      const answer = await fx.request(method, path, { extraHeaders: extra });
      expectError(answer, 'INVALID_HEADER', 'apply only to asynchronous (202) requests', {
        header: 'X-OS1-Mock-*',
        reason: 'not-applicable',
      });
    },
  );

  it('answers 400 to the token endpoint with a control header', async () => {
    const answer = await fx.request('POST', '/core/api/v1/aaa/auth/client-credentials', {
      body: { clientId: 'c', clientSecret: 's' },
      headers: { 'content-type': 'application/json', 'x-os1-mock-status': '503' },
    });
    expectError(answer, 'INVALID_HEADER', 'apply only to asynchronous (202) requests', {
      header: 'X-OS1-Mock-*',
      reason: 'not-applicable',
    });
  });

  it('answers a GET without control headers as before', async () => {
    const answer = await fx.request('GET', `${BAGS}/some-id`);
    expect(answer.status).toBe(404);
  });
});
