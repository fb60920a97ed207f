import { gzipSync } from 'node:zlib';
import { describe, it } from 'vitest';
import { expectAccepted, expectError, TENANT_A, useMockFixture } from '../support/mock-fixture.js';
import type { ApiResponse } from '../support/os1-client.js';
import { os1Headers } from '../support/os1-client.js';
import { rawRequest } from '../support/raw-request.js';

const BAGS = '/core/api/v2/containers/bag';

/** The mock reads bodies as sent: a compressed body is refused, never read as its raw bytes. */
describe('request bodies with a Content-Encoding', () => {
  const fx = useMockFixture();

  async function postBag(body: Buffer | string, encoding: string): Promise<ApiResponse> {
    const answer = await rawRequest(fx.mock.url, {
      method: 'POST',
      path: BAGS,
      headers: { ...os1Headers(TENANT_A), 'content-encoding': encoding },
      body,
    });
    return { status: answer.status, body: answer.json, headers: new Headers(answer.headers) };
  }

  it('answers 415 to a gzip-compressed JSON body, asking for uncompressed JSON', async () => {
    const answer = await postBag(gzipSync('{}'), 'gzip');
    expectError(answer, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as uncompressed JSON', {
      header: 'Content-Encoding',
    });
  });

  it.each(['gzip', 'zstd9', 'br', 'deflate, gzip'])(
    'answers 415 to plain JSON labelled Content-Encoding: %s',
    async (encoding) => {
      const answer = await postBag('{}', encoding);
      expectError(answer, 'UNSUPPORTED_MEDIA_TYPE', `Content-Encoding "${encoding}"`, {
        header: 'Content-Encoding',
      });
    },
  );

  it.each(['identity', 'IDENTITY'])(
    'accepts JSON sent with Content-Encoding: %s',
    async (encoding) => {
      const answer = await postBag('{}', encoding);
      expectAccepted(answer, { uri: BAGS, method: 'POST', body: {} });
    },
  );
});
