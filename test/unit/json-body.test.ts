import type { IncomingMessage } from 'node:http';
import { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { ERRORS, type ErrorName, Os1Error } from '../../mock-server/errors.js';
import { jsonBodyReader } from '../../mock-server/http/steps/json-body.js';

const LIMITS = { bodyBytes: 1024, jsonDepth: 8 };

/** A Koa context over a request whose body streams `chunks`. */
function contextFor(
  method: string,
  headers: Record<string, string>,
  chunks: Buffer[] = [],
): Koa.Context {
  const req = Object.assign(Readable.from(chunks), {
    method,
    url: '/core/api/v2/containers/bag',
    headers,
  }) as unknown as IncomingMessage;
  return new Koa().createContext(req, new ServerResponse(req));
}

const json = (text: string | Buffer) => {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return {
    headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) },
    chunks: [bytes],
  };
};

/** Runs the reader; answers the parsed body, or the catalogue name of the error it threw. */
async function read(
  method: string,
  request: { headers: Record<string, string>; chunks: Buffer[] },
): Promise<{ body: unknown; accepted: boolean } | ErrorName> {
  const ctx = contextFor(method, request.headers, request.chunks);
  try {
    await jsonBodyReader(LIMITS)(ctx);
  } catch (error) {
    if (error instanceof Os1Error) return error.errorName;
    throw error;
  }
  return { body: ctx.state.body, accepted: true };
}

describe('jsonBody', () => {
  it('parses a UTF-8 JSON object into ctx.state.body and calls next', async () => {
    expect(await read('POST', json('{"name":"crate","note":"café 🚚"}'))).toEqual({
      body: { name: 'crate', note: 'café 🚚' },
      accepted: true,
    });
  });

  it('ignores a leading UTF-8 byte order mark', async () => {
    expect(await read('PUT', json('\uFEFF{"a":1}'))).toEqual({ body: { a: 1 }, accepted: true });
  });

  it.each([
    ['a lone 0xff', [0xff]],
    ['a cut multi-byte sequence', [0xe2, 0x82]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
  ])('refuses %s as invalid JSON instead of decoding it to U+FFFD', async (_what, bytes) => {
    const body = Buffer.concat([Buffer.from('{"a":"'), Buffer.from(bytes), Buffer.from('"}')]);
    expect(await read('POST', json(body))).toBe('INVALID_JSON');
  });

  it('refuses truncated JSON and names it invalid', async () => {
    expect(await read('POST', json('{"a":'))).toBe('INVALID_JSON');
  });

  it('refuses nesting deeper than the limit, and 100,000 unclosed brackets, without a stack overflow', async () => {
    expect(await read('POST', json(`${'['.repeat(9)}${']'.repeat(9)}`))).toBe('JSON_TOO_DEEP');
    expect(await read('POST', json(`${'['.repeat(8)}${']'.repeat(8)}`))).toMatchObject({
      accepted: true,
    });
    const huge = { bodyBytes: 1_000_000, jsonDepth: 8 };
    const ctx = contextFor(
      'POST',
      json('['.repeat(100_000)).headers,
      json('['.repeat(100_000)).chunks,
    );
    await expect(jsonBodyReader(huge)(ctx)).rejects.toMatchObject({
      errorName: 'INVALID_JSON',
    });
  });

  it('measures nesting of objects too, and is not misled by brackets inside strings', async () => {
    const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
    expect(await read('POST', json(nested(9)))).toBe('JSON_TOO_DEEP');
    expect(await read('POST', json(nested(8)))).toMatchObject({ accepted: true });
    const bracketsInText = `{"note":"${'[{'.repeat(40)}","list":[[1]]}`;
    expect(await read('POST', json(bracketsInText))).toMatchObject({
      body: { note: '[{'.repeat(40), list: [[1]] },
      accepted: true,
    });
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=latin1',
    'application/jsonp',
  ])('answers 415 to a body sent as %s', async (type) => {
    const request = json('{}');
    request.headers['content-type'] = type;
    expect(await read('POST', request)).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(ERRORS.UNSUPPORTED_MEDIA_TYPE.status).toBe(415);
  });

  it('answers 415 to a body sent without a Content-Type', async () => {
    const request = json('{}');
    delete (request.headers as Record<string, string | undefined>)['content-type'];
    expect(await read('POST', request)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts JSON media types with a UTF-8 charset', async () => {
    for (const type of ['application/json; charset=UTF-8', 'application/vnd.api+json']) {
      const request = json('{"ok":true}');
      request.headers['content-type'] = type;
      expect(await read('POST', request)).toEqual({ body: { ok: true }, accepted: true });
    }
  });

  it('answers 413 to a declared length over the limit before reading the body', async () => {
    const request = json('{}');
    request.headers['content-length'] = String(LIMITS.bodyBytes + 1);
    expect(await read('POST', request)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 413 when streamed bytes pass the limit with no length declared', async () => {
    const piece = Buffer.from(`"${'x'.repeat(600)}`);
    expect(
      await read('POST', {
        headers: { 'content-type': 'application/json' },
        chunks: [piece, piece],
      }),
    ).toBe('PAYLOAD_TOO_LARGE');
  });

  it('leaves an empty body undefined for the schema to refuse, whatever its content type', async () => {
    expect(await read('POST', { headers: { 'content-type': 'text/plain' }, chunks: [] })).toEqual({
      body: undefined,
      accepted: true,
    });
  });

  it('does not read the body of a GET', async () => {
    expect(await read('GET', json('not json at all'))).toEqual({
      body: undefined,
      accepted: true,
    });
  });
});
