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

/**
 * Sends one callback and answers with the receiver's response, or throws a TransportError. It may
 * offer `prepare()`, called once when the first callback is scheduled: time to get ready (load a
 * client, say) before the callback falls due rather than when it is sent.
 */
export type Transport = ((callback: OutgoingCallback) => Promise<TransportResponse>) & {
  prepare?: () => void;
};

/** How much of a receiver's answer is kept: a log line or a failure detail needs no more. */
export const ANSWER_BYTES_KEPT = 2048;
