import { describe, expect, it } from 'vitest';
import { expectError, TENANT_A, useMockFixture } from '../support/mock-fixture.js';
import type { ApiResponse } from '../support/os1-client.js';
import { os1Headers } from '../support/os1-client.js';
import { rawRequest } from '../support/raw-request.js';

const BAGS = '/core/api/v2/containers/bag';

/** A percent-escape that does not decode is a 400, not a literal id answered 404. */
describe('percent-escapes in the path', () => {
  const fx = useMockFixture();

  /** GETs `path` written byte for byte, with tenant A's OS1 headers. */
  async function get(path: string): Promise<ApiResponse> {
    const raw = await rawRequest(fx.mock.url, {
      method: 'GET',
      path,
      headers: os1Headers(TENANT_A),
    });
    return { status: raw.status, body: raw.json, headers: new Headers() };
  }

  it.each([
    ['%ZZ', `${BAGS}/%ZZ`, '"%ZZ" is not % and two hex digits'],
    ['a lone % at the end', `${BAGS}/id%`, '"%" is not % and two hex digits'],
    ['%F (one hex digit)', `${BAGS}/%F`, '"%F" is not % and two hex digits'],
    ['%FF (not UTF-8)', `${BAGS}/%FF`, 'do not decode to UTF-8'],
    ['%E2%82 (a cut UTF-8 sequence)', `${BAGS}/%E2%82`, 'do not decode to UTF-8'],
    ['%ZZ on the admin API', '/__admin/deliveries/%ZZ', '"%ZZ" is not % and two hex digits'],
  ])('answers 400 INVALID_PATH_PARAMETER to %s', async (_what, path, mentions) => {
    const answer = await get(path);
    expectError(answer, 'INVALID_PATH_PARAMETER', 'has an invalid percent-escape', { path });
    expect(answer.body.error.description).toContain(mentions);
  });

  it('decodes a valid escape and looks the id up as usual (404 for an unknown one)', async () => {
    const answer = await get(`${BAGS}/no%20such%E2%82%AC`);
    expectError(answer, 'CONTAINER_NOT_FOUND', 'no such€', { id: 'no such€' });
  });
});
