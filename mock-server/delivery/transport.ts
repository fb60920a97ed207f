import type http from 'node:http';
import type https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { createKeepAliveAgents, describeNetworkError, readAnswerStart } from '../outbound-http.js';
import type { ConnectionFault } from './delivery-faults.js';

export interface OutgoingCallback {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /**
   * Failure simulation: hold the connection open or cut it mid-body instead of sending normally.
   * Transports that cannot play it (a custom one) may ignore it.
   */
  fault?: ConnectionFault;
}

export interface TransportResponse {
  statusCode: number;
  /** Response headers by lower-case name; the queue reads retry-after, and the HTTP transport reads only that. */
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

/** Distinct callback URLs whose parsed request options are kept; past this the cache starts over. */
const TARGET_CACHE_SIZE = 1_000;

interface Target {
  client: typeof http | typeof https;
  agent: http.Agent;
  /** Where to connect and what to ask for, from the URL (parsed once per URL). */
  options: http.RequestOptions;
}

/** Real HTTP(S) with keep-alive agents shared by every attempt. */
export function createHttpTransport(maxSockets: number): Transport & { close(): void } {
  const agents = createKeepAliveAgents(maxSockets);
  const targets = new Map<string, Target>();
  const targetFor = (href: string): Target => {
    let target = targets.get(href);
    if (!target) {
      const url = new URL(href);
      if (targets.size >= TARGET_CACHE_SIZE) targets.clear();
      target = { ...agents.for(url), options: urlToHttpOptions(url) };
      targets.set(href, target);
    }
    return target;
  };
  const send = (callback: OutgoingCallback): Promise<TransportResponse> =>
    new Promise((resolve, reject) => {
      const { client, agent, options } = targetFor(callback.url);
      const request = client.request({
        ...options,
        method: 'POST',
        agent,
        headers: {
          ...callback.headers,
          'content-length': String(Buffer.byteLength(callback.body, 'utf8')),
        },
      });
      const { fault } = callback;
      const began = Date.now();
      const timer = setTimeout(
        () => {
          request.destroy(
            fault?.kind === 'timeout'
              ? new TransportError(
                  'timeout',
                  `held the connection open for ${fault.holdMs} ms without finishing the body (simulated timeout); the receiver did not give up first`,
                )
              : new TransportError('timeout', `no answer within ${callback.timeoutMs} ms`),
          );
        },
        fault?.kind === 'timeout' ? fault.holdMs : callback.timeoutMs,
      );
      request.on('error', (error: Error) => {
        clearTimeout(timer);
        if (error instanceof TransportError) return reject(error);
        const message = describeNetworkError(error, 'callback URL', 'receiver');
        reject(
          new TransportError(
            'network-error',
            fault?.kind === 'timeout'
              ? `${message}, ${Date.now() - began} ms into a simulated timeout (the body was held open)`
              : message,
          ),
        );
      });
      request.on('response', (response) => {
        readAnswerStart(response, RESPONSE_BODY_LIMIT, (body) => {
          clearTimeout(timer);
          // A receiver can answer a held body early; the unfinished request cannot be reused.
          if (fault) request.destroy();
          resolve({
            statusCode: response.statusCode ?? 0,
            headers: { 'retry-after': firstHeader(response.rawHeaders, 'retry-after') },
            body,
          });
        });
      });
      if (fault) playFault(request, Buffer.from(callback.body, 'utf8'), fault);
      // A string body goes out in one write with the headers.
      else request.end(callback.body, 'utf8');
    });
  return Object.assign(send, { close: () => agents.destroy() });
}

/**
 * A response header's value from the raw list (name, value, name, value...): the first one, as node
 * keeps for retry-after. Reading `response.headers` instead would build an object of all of them.
 */
function firstHeader(rawHeaders: readonly string[], lowerCaseName: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.length === lowerCaseName.length && name.toLowerCase() === lowerCaseName) {
      return rawHeaders[i + 1];
    }
  }
  return undefined;
}

/** Sends the headers and part of the body, then (abort) destroys the connection or (timeout) waits. */
function playFault(request: http.ClientRequest, body: Buffer, fault: ConnectionFault): void {
  const half = Math.floor(body.length / 2);
  request.flushHeaders();
  if (fault.kind === 'timeout') {
    if (half > 0) request.write(body.subarray(0, half));
    return;
  }
  const cut = Math.min(fault.afterBytes ?? half, Math.max(0, body.length - 1));
  const destroy = () =>
    request.destroy(
      new TransportError(
        'network-error',
        `cut the connection after sending ${cut} of ${body.length} body bytes (simulated abort)`,
      ),
    );
  request.once('socket', (socket) => {
    const cutNow = () => {
      if (cut === 0) setImmediate(destroy);
      else request.write(body.subarray(0, cut), () => setImmediate(destroy));
    };
    if (socket.connecting) socket.once('connect', cutNow);
    else cutNow();
  });
}
