import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** Written exactly as given (as latin1 bytes): stray `%`, raw non-ASCII bytes and all. */
  path: string;
  /** Values are written as latin1 bytes, so `latin1()` puts raw UTF-8 bytes on the wire. */
  headers?: Record<string, string | string[]>;
  /** Exact bytes; a string is sent as UTF-8. */
  body?: Buffer | string;
  /** Send the body with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

/** The UTF-8 bytes of `text` as a latin1 string: how to put non-ASCII bytes in a header. */
export const latin1 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/**
 * One HTTP/1.1 request written byte for byte on its own TCP connection (`Connection: close`).
 * Plain `net`, not `http`: no client-side header checks, and no interception by nock, whose
 * patched ClientRequest never surfaces an answer the server sends before reading the request.
 * Rejects when no complete answer comes within `timeoutMs`: a hang is a failure, never a wait.
 */
export function rawRequest(
  baseUrl: string,
  options: RawRequest,
  timeoutMs = 5000,
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? Buffer.from(options.body, 'utf8')
        : options.body;
  const lines = [`${options.method} ${options.path} HTTP/1.1`, `host: ${url.host}`];
  lines.push('connection: close');
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${one}`);
  }
  if (body !== undefined) {
    lines.push(options.chunked ? 'transfer-encoding: chunked' : `content-length: ${body.length}`);
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');

  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${options.method} ${options.path}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    // A write error (the server answered early and closed) is not the answer; 'close' decides.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const response = parseResponse(Buffer.concat(received));
      if (response) resolve(response);
      else
        reject(
          new Error(
            `connection closed without a complete answer to ${options.method} ${options.path}`,
          ),
        );
    });
    socket.on('connect', () => {
      socket.write(head);
      if (body !== undefined && options.chunked) {
        const step = 64 * 1024;
        for (let at = 0; at < body.length; at += step) {
          const piece = body.subarray(at, at + step);
          socket.write(`${piece.length.toString(16)}\r\n`);
          socket.write(piece);
          socket.write('\r\n');
        }
        socket.write('0\r\n\r\n');
      } else if (body !== undefined) {
        socket.write(body);
      }
    });
  });
}

function parseResponse(raw: Buffer): RawResponse | null {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return null;
  const [statusLine = '', ...headerLines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) return null;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let bodyBytes = raw.subarray(split + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const decoded = dechunk(bodyBytes);
    if (!decoded) return null;
    bodyBytes = decoded;
  } else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (bodyBytes.length < length) return null;
    bodyBytes = bodyBytes.subarray(0, length);
  }
  const text = bodyBytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, text, json };
}

function dechunk(raw: Buffer): Buffer | null {
  const pieces: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isInteger(size)) return null;
    if (size === 0) return Buffer.concat(pieces);
    const start = lineEnd + 2;
    if (raw.length < start + size) return null;
    pieces.push(raw.subarray(start, start + size));
    at = start + size + 2;
  }
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the items' order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
