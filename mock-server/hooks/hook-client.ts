import type { ClientRequest } from 'node:http';
import { ConcurrencyLimit } from '../delivery/concurrency-limit.js';
import { createKeepAliveAgents, describeNetworkError } from '../outbound-http.js';

export interface HookRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  /** null sends no body (GET). */
  body: string | null;
  /** Real milliseconds for the whole call, waiting for a free slot included. */
  timeoutMs: number;
}

export interface HookAnswer {
  statusCode: number;
  /** The answer, or its first `maxAnswerBytes` when `truncated`. */
  body: string;
  truncated: boolean;
}

export class HookCallError extends Error {
  readonly kind: 'timeout' | 'unreachable';
  constructor(kind: 'timeout' | 'unreachable', message: string) {
    super(message);
    this.name = 'HookCallError';
    this.kind = kind;
  }
}

/** Calls one hook and answers with its response, or throws a HookCallError. */
export type HookClient = (request: HookRequest) => Promise<HookAnswer>;

export interface HookClientOptions {
  /** Most calls in flight at once; the rest wait (within their timeout) for a slot. */
  concurrency: number;
  /** Largest answer read; the rest is dropped and the answer marked truncated. */
  maxAnswerBytes: number;
}

/**
 * Real HTTP(S) to validation hooks over keep-alive agents, with the same rules as callbacks: a
 * deadline per call (no unbounded wait, even for a free slot) and bounded concurrency.
 */
export function createHookClient(options: HookClientOptions): HookClient & { close(): void } {
  const agents = createKeepAliveAgents(options.concurrency);
  const limit = new ConcurrencyLimit(options.concurrency);

  const send = (request: HookRequest, onStart: (sent: ClientRequest) => void) =>
    new Promise<HookAnswer>((resolve, reject) => {
      const url = new URL(request.url);
      const { agent, client } = agents.for(url);
      const body = request.body === null ? null : Buffer.from(request.body, 'utf8');
      const sent = client.request(url, {
        method: request.method,
        agent,
        headers: {
          ...request.headers,
          ...(body === null ? {} : { 'content-length': String(body.length) }),
        },
      });
      onStart(sent);
      sent.on('error', (error: Error) =>
        reject(
          error instanceof HookCallError
            ? error
            : new HookCallError('unreachable', describeNetworkError(error, 'hook URL', 'hook')),
        ),
      );
      sent.on('response', (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        let truncated = false;
        const finish = () =>
          resolve({
            statusCode: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
          });
        response.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = options.maxAnswerBytes - kept;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            truncated = true;
            response.destroy();
            finish();
            return;
          }
          chunks.push(chunk);
          kept += chunk.length;
        });
        response.on('error', () => {});
        response.on('end', finish);
        // After 'end' this changes nothing; before it, the answer was cut off.
        response.on('close', () =>
          reject(new HookCallError('unreachable', 'the hook closed the connection mid-answer')),
        );
      });
      sent.end(body ?? undefined);
    });

  const call: HookClient = (request) =>
    new Promise<HookAnswer>((resolve, reject) => {
      let expired = false;
      let sent: ClientRequest | undefined;
      const timer = setTimeout(() => {
        expired = true;
        const error = new HookCallError(
          'timeout',
          sent
            ? `no answer within ${request.timeoutMs} ms`
            : `no free connection within ${request.timeoutMs} ms (${options.concurrency} hook calls in flight)`,
        );
        sent?.destroy(error);
        reject(error);
      }, request.timeoutMs);
      limit
        .run(async () => {
          if (expired) return;
          try {
            resolve(await send(request, (started) => (sent = started)));
          } catch (error) {
            reject(
              error instanceof HookCallError
                ? error
                : new HookCallError('unreachable', (error as Error).message),
            );
          }
        })
        .finally(() => clearTimeout(timer));
    });

  return Object.assign(call, { close: () => agents.destroy() });
}
