import { describe, expect, it } from 'vitest';
import { expectAccepted, expectError, TENANT_A, useMockFixture } from '../support/mock-fixture.js';
import type { ApiResponse } from '../support/os1-client.js';
import { os1Headers } from '../support/os1-client.js';
import { rawRequest } from '../support/raw-request.js';

const BAGS = '/core/api/v2/containers/bag';

/**
 * Node joins the repeats of a header it does not know into one value ("r1, r2"). Every OS1 header
 * must come once: a repeat is refused naming the header, never used as a joined value.
 */
describe('OS1 headers sent more than once', () => {
  const fx = useMockFixture();

  /** POSTs a bag with tenant A's headers, `repeated` sent as separate header lines. */
  async function postWith(repeated: Record<string, string[]>): Promise<ApiResponse> {
    const answer = await rawRequest(fx.mock.url, {
      method: 'POST',
      path: BAGS,
      headers: { ...os1Headers(TENANT_A), ...repeated },
      body: JSON.stringify(fx.callback()),
    });
    return { status: answer.status, body: answer.json, headers: new Headers(answer.headers) };
  }

  it.each([
    ['X-COREOS-REQUEST-ID', ['r1', 'r2']],
    ['X-COREOS-ORIGIN-TOKEN', ['t1', 't2']],
    ['X-COREOS-CALLBACK-SECRET', ['s1', 's2']],
    ['X-COREOS-TID', ['tenant-a', 'tenant-b']],
    ['X-COREOS-ACCESS', ['Bearer t', 'Bearer t']],
    ['X-COREOS-USERINFO', ['{"id":"1"}', '{"id":"2"}']],
  ])('answers 400 INVALID_HEADER to %s sent twice, and accepts nothing', async (header, values) => {
    const answer = await postWith({ [header.toLowerCase()]: values });
    expectError(answer, 'INVALID_HEADER', `${header} was sent more than once`, {
      header,
      reason: 'repeated',
    });
    expect(fx.mock.core.deliveries.list()).toEqual([]);
  });

  it('refuses a repeat even when it repeats the same value', async () => {
    const answer = await postWith({ 'x-coreos-request-id': ['r1', 'r1'] });
    expectError(answer, 'INVALID_HEADER', 'X-COREOS-REQUEST-ID was sent more than once', {
      header: 'X-COREOS-REQUEST-ID',
      reason: 'repeated',
    });
  });

  it('keeps a request id sent once whose value holds ", ", and echoes it on the callback', async () => {
    const answer = await postWith({ 'x-coreos-request-id': ['batch 7, retry 2'] });
    const id = expectAccepted(answer, { uri: BAGS, method: 'POST', body: fx.callback() });
    await fx.settle();
    const record = await fx.callbackFor(id);
    expect(JSON.parse(record.body)).toMatchObject({ requestId: 'batch 7, retry 2' });
  });
});
