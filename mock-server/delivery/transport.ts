import http from 'node:http';
import https from 'node:https';

export interface OutgoingCallback {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface TransportResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  /** The start of the body (the transport may cut it). */
  body: string;
}

export class TransportError extends Error {
  readonly kind: 'timeout' | 'network-error';
  constructor(kind: 'timeout' | 'network-error', message: string) {
    super(message);
    this.name = 'TransportError';
    this.kind = kind;
  }
}

/** Sends one callback and answers with the receiver's response, or throws a TransportError. */
export type Transport = (callback: OutgoingCallback) => Promise<TransportResponse>;

const RESPONSE_BODY_LIMIT = 2048;

/** Real HTTP(S) with keep-alive agents shared by every attempt. */
export function createHttpTransport(maxSockets: number): Transport & { close(): void } {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  const send = (callback: OutgoingCallback): Promise<TransportResponse> =>
    new Promise((resolve, reject) => {
      const url = new URL(callback.url);
      const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
      const client = protocol === 'https:' ? https : http;
      const body = Buffer.from(callback.body, 'utf8');
      const request = client.request(url, {
        method: 'POST',
        agent: agents[protocol],
        headers: { ...callback.headers, 'content-length': String(body.length) },
      });
      const timer = setTimeout(() => {
        request.destroy(new TransportError('timeout', `no answer within ${callback.timeoutMs} ms`));
      }, callback.timeoutMs);
      request.on('error', (error: Error) => {
        clearTimeout(timer);
        reject(
          error instanceof TransportError
            ? error
            : new TransportError('network-error', describeNetworkError(error)),
        );
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < RESPONSE_BODY_LIMIT) {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
        response.on('error', () => {});
        response.on('end', () => {
          clearTimeout(timer);
          const headers: Record<string, string | undefined> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({
            statusCode: response.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_BODY_LIMIT),
          });
        });
      });
      request.end(body);
    });
  return Object.assign(send, {
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}

function describeNetworkError(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused: nothing listens at the callback URL';
    case 'ENOTFOUND':
      return 'the callback host name does not resolve';
    case 'ECONNRESET':
      return 'the receiver closed the connection before answering';
    default:
      return error.code ? `${error.code}: ${error.message}` : error.message;
  }
}
