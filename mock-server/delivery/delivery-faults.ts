import type { DeliveryFault } from '../generated/contracts.js';

export type { DeliveryFault } from '../generated/contracts.js';

/** A fault on the connection itself, which only the transport can play. */
export type ConnectionFault =
  /** Send the headers and part of the body, then keep the connection open for holdMs (real time). */
  | { kind: 'timeout'; holdMs: number }
  /** Send the headers and the first afterBytes of the body (null: half), then destroy the socket. */
  | { kind: 'abort'; afterBytes: number | null };

export type SignatureFault = 'bad-signature' | 'no-signature' | 'tampered-body';

/** Which attempts a per-attempt fault hits. */
export type FaultAttempts = 'first' | 'all';

/**
 * What failure simulation does to one callback, decided when its request was accepted and carried
 * to the delivery record. The delivery queue plays it; it knows nothing of the rules behind it.
 */
export interface DeliveryFaults {
  /** Everything that fired for the request, shown on the record as `faults`. */
  notes: DeliveryFault[];
  /** Send nothing: the record is created `dropped`. */
  drop?: boolean;
  /** Deliveries in all, the same eventId each time (2 or more). */
  copies?: number;
  /** Hold until the next callback to the same URL has been attempted; at most this long (mock clock). */
  outOfOrderMaxHoldMs?: number;
  /** Wait this long (mock clock) after processing before the first attempt. */
  slowMs?: number;
  signature?: { kind: SignatureFault; attempts: FaultAttempts; note: string };
  connection?: { fault: ConnectionFault; attempts: FaultAttempts; note: string };
}

/** A secret nobody has: callbacks signed with it fail every receiver's check. */
export const FORGED_SECRET = 'os1-mock-forged-secret-that-no-receiver-knows';

/**
 * The body a man in the middle would send: the signed payload with its status flipped (and reason
 * added or removed to match), still valid JSON of the same schema.
 */
export function tamperedBody(body: string): { body: string; change: string } {
  const payload = JSON.parse(body) as Record<string, unknown>;
  const { reason: _reason, ...rest } = payload;
  if (payload.status === 'failed') {
    return {
      body: JSON.stringify({ ...rest, status: 'success' }),
      change: 'status changed from failed to success after signing',
    };
  }
  return {
    body: JSON.stringify({ ...rest, status: 'failed', reason: 'tampered in transit' }),
    change: `status changed from ${String(payload.status)} to failed after signing`,
  };
}
