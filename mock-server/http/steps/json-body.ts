import type { Context } from 'koa';
import { os1Error } from '../../errors.js';
import type { AppState } from '../context.js';

export interface BodyLimits {
  bodyBytes: number;
  jsonDepth: number;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * Reads POST/PUT/PATCH bodies as UTF-8 JSON into ctx.state.body (and its text into bodyText): 415
 * for another content type or a Content-Encoding other than identity, 413 over the size limit, 400 for bytes that are not UTF-8 and for
 * malformed or too deeply nested JSON. A leading byte order mark is ignored, as RFC 8259 allows. An
 * empty body reads as undefined and is left to the schema to refuse. Other methods have no body to
 * read: undefined is answered, not a promise.
 */
export function jsonBodyReader(limits: BodyLimits) {
  return (ctx: Context & { state: AppState }): Promise<void> | undefined => {
    const method = ctx.method;
    if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') return undefined;
    const declared = Number(ctx.req.headers['content-length'] || Number.NaN);
    if (declared > limits.bodyBytes) return Promise.reject(tooLarge(ctx, limits.bodyBytes));
    return readBody(ctx, limits.bodyBytes).then((raw) => {
      if (raw.length === 0) return;
      checkContentType(ctx.req.headers['content-type'] ?? '');
      const encoding = ctx.req.headers['content-encoding'];
      if (encoding !== undefined) checkContentEncoding(encoding);
      const text = decodeUtf8(raw);
      ctx.state.body = parseJson(text, limits.jsonDepth);
      ctx.state.bodyText = text;
    });
  };
}

/** What nearly every client sends, accepted without parsing the header. */
const USUAL_CONTENT_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);

function checkContentType(header: string): void {
  if (USUAL_CONTENT_TYPES.has(header)) return;
  const [mediaType = '', ...parameters] = header.split(';').map((part) => part.trim());
  const charset = parameters
    .map((parameter) => parameter.toLowerCase())
    .find((parameter) => parameter.startsWith('charset='));
  const charsetOk = !charset || /^charset="?utf-8"?$/.test(charset);
  if (!JSON_TYPE.test(mediaType) || !charsetOk) {
    throw os1Error(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the body as JSON with Content-Type: application/json${header ? ` (got "${header.slice(0, 100)}")` : ' (the header is missing)'}.`,
      { header: 'Content-Type' },
    );
  }
}

/**
 * The body is read as it arrives: a compressed one (gzip, br, zstd, ...) would be read as its
 * compressed bytes, so only identity (or no Content-Encoding) is accepted.
 */
function checkContentEncoding(header: string): void {
  const encoding = header.trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return;
  throw os1Error(
    'UNSUPPORTED_MEDIA_TYPE',
    `Content-Encoding "${header.slice(0, 100)}" is not supported: send the body as uncompressed JSON, without Content-Encoding (or with Content-Encoding: identity).`,
    { header: 'Content-Encoding' },
  );
}

function readBody(ctx: Context, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: Error | null, value?: Buffer) => {
      if (done) return;
      done = true;
      ctx.req.off('data', onData);
      ctx.req.off('end', onEnd);
      ctx.req.off('error', onError);
      if (error) reject(error);
      else resolve(value ?? Buffer.alloc(0));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        ctx.req.resume(); // discard the rest; the connection closes after the 413
        finish(tooLarge(ctx, limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () =>
      finish(null, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    const onError = () =>
      finish(os1Error('INVALID_JSON', 'The request body could not be read to the end.'));
    ctx.req.on('data', onData);
    ctx.req.on('end', onEnd);
    ctx.req.on('error', onError);
  });
}

function tooLarge(ctx: Context, limit: number) {
  ctx.set('Connection', 'close');
  return os1Error(
    'PAYLOAD_TOO_LARGE',
    `The body is larger than ${limit} bytes. Send less, split a batch, or raise limits.bodyBytes in the config.`,
    { limitBytes: limit },
  );
}

/** One decoder for every request: decode() without { stream: true } keeps no state between calls. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8: invalid bytes are an error, not U+FFFD; a leading BOM is dropped. */
function decodeUtf8(raw: Buffer): string {
  try {
    return UTF8.decode(raw);
  } catch {
    throw os1Error(
      'INVALID_JSON',
      'The body is not valid UTF-8; send JSON encoded as UTF-8 (escape other characters as \\uXXXX if needed).',
      { encoding: 'utf-8' },
    );
  }
}

function parseJson(text: string, maxDepth: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw os1Error(
      'INVALID_JSON',
      `The body is not valid JSON: ${error instanceof RangeError ? 'it is nested too deeply to parse' : (error as Error).message}.`,
    );
  }
  if (mayNestDeeperThan(text, maxDepth) && nestingDepth(value, maxDepth) > maxDepth) {
    throw os1Error(
      'JSON_TOO_DEEP',
      `The body nests objects and arrays more than ${maxDepth} levels deep; flatten it or raise limits.jsonDepth.`,
      { maxDepth },
    );
  }
  return value;
}

/**
 * Whether JSON text could nest deeper than `limit`: each level opens with a [ or a {, and takes
 * two characters at least. Brackets inside strings count too, so this can say yes wrongly (the
 * walk below then decides), never no wrongly. Cheaper than walking the parsed value.
 */
function mayNestDeeperThan(text: string, limit: number): boolean {
  if (text.length <= 2 * limit) return false;
  let opened = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code === OPEN_BRACKET || code === OPEN_BRACE) && ++opened > limit) return true;
  }
  return false;
}

const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;

/** Depth of nesting, counted without recursion; stops counting past `stopAt`. */
function nestingDepth(root: unknown, stopAt: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > stopAt) return deepest;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child === 'object' && child !== null) stack.push([child, level]);
    }
  }
  return deepest;
}
