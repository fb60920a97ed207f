import type { OutgoingCallback, Transport, TransportResponse } from './transport.js';
import { TransportError } from './transport.js';

export interface InProcessCallback {
  url: string;
  headers: Record<string, string>;
  /** The exact bytes that would have been sent. */
  body: string;
  json: unknown;
}

export type InProcessAnswer =
  | number
  | { status: number; headers?: Record<string, string>; body?: string };

/** A receiver function called in the same process instead of over HTTP. */
export type InProcessReceiver = (
  callback: InProcessCallback,
) => InProcessAnswer | Promise<InProcessAnswer>;

/** Delivers callbacks by calling `receiver`; a throw counts as a network error, as a crash would. */
export function inProcessTransport(receiver: InProcessReceiver): Transport {
  return async (callback: OutgoingCallback): Promise<TransportResponse> => {
    // No socket to hold or cut: the receiver never gets a finished body, so it is not called.
    if (callback.fault?.kind === 'timeout') {
      throw new TransportError(
        'timeout',
        'simulated timeout: the body was never finished, so the in-process receiver was not called',
      );
    }
    if (callback.fault?.kind === 'abort') {
      throw new TransportError(
        'network-error',
        'simulated abort: the connection was cut mid-body, so the in-process receiver was not called',
      );
    }
    let answer: InProcessAnswer;
    try {
      answer = await receiver({
        url: callback.url,
        // Lower-cased, as a receiver reading Node's request.headers sees them.
        headers: Object.fromEntries(
          Object.entries(callback.headers).map(([name, value]) => [name.toLowerCase(), value]),
        ),
        body: callback.body,
        json: JSON.parse(callback.body),
      });
    } catch (error) {
      throw new TransportError(
        'network-error',
        `the in-process receiver threw: ${(error as Error).message}`,
      );
    }
    const {
      status,
      headers = {},
      body = '',
    } = typeof answer === 'number' ? { status: answer } : answer;
    const lowered = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    return { statusCode: status, headers: lowered, body };
  };
}
