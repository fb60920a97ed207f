import type http from 'node:http';
import { urlToHttpOptions } from 'node:url';
import { createKeepAliveAgents, describeNetworkError, readAnswerStart } from '../outbound-http.js';
import type { ConnectionFault } from './delivery-faults.js';
import type { OutgoingCallback, TransportResponse } from './transport.js';
import { ANSWER_BYTES_KEPT, TransportError } from './transport.js';

export type FaultyCallback = OutgoingCallback & { fault: ConnectionFault };

/**
 * Plays a simulated connection fault over node:http, which lets it write part of a body and then
 * hold the connection open (timeout) or cut it (abort). Only attempts with a fault come here; the
 * rest go through the pooled sender.
 */
export function createFaultSender(maxSockets: number) {
  const agents = createKeepAliveAgents(maxSockets);
  const send = (callback: FaultyCallback): Promise<TransportResponse> =>
    new Promise((resolve, reject) => {
      const url = new URL(callback.url);
      const { client, agent } = agents.for(url);
      const request = client.request({
        ...urlToHttpOptions(url),
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
            fault.kind === 'timeout'
              ? new TransportError(
                  'timeout',
                  `held the connection open for ${fault.holdMs} ms without finishing the body (simulated timeout); the receiver did not give up first`,
                )
              : new TransportError('timeout', `no answer within ${callback.timeoutMs} ms`),
          );
        },
        fault.kind === 'timeout' ? fault.holdMs : callback.timeoutMs,
      );
      request.on('error', (error: Error) => {
        clearTimeout(timer);
        if (error instanceof TransportError) return reject(error);
        const message = describeNetworkError(error, 'callback URL', 'receiver');
        reject(
          new TransportError(
            'network-error',
            fault.kind === 'timeout'
              ? `${message}, ${Date.now() - began} ms into a simulated timeout (the body was held open)`
              : message,
          ),
        );
      });
      request.on('response', (response) => {
        readAnswerStart(response, ANSWER_BYTES_KEPT, (body) => {
          clearTimeout(timer);
          // A receiver can answer a held body early; the unfinished request cannot be reused.
          request.destroy();
          resolve({
            statusCode: response.statusCode ?? 0,
            headers: { 'retry-after': firstHeader(response.rawHeaders, 'retry-after') },
            body,
          });
        });
      });
      playFault(request, Buffer.from(callback.body, 'utf8'), fault);
    });
  return { send, close: () => agents.destroy() };
}

/**
 * A response header's value from the raw list (name, value, name, value...): the first one, as node
 * keeps for retry-after.
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
