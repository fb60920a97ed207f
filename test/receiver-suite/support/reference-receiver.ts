import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { KNOWN_EVENT_TYPES } from '../../../contracts/receiver-suite/payloads.js';
import type { SchemeName } from '../../../mock-server/signing/schemes.js';
import { SCHEMES } from '../../../mock-server/signing/schemes.js';

export type Headers = Readonly<Record<string, string | undefined>>;

interface Callback {
  eventId?: unknown;
  eventType?: unknown;
}

/**
 * One bug a receiver can have. The reference receiver is correct; each fault breaks one thing, so
 * a test can show which case of the suite catches it.
 */
export interface Fault {
  /** Status for a new, valid callback (correct: 202). */
  ackStatus?: number;
  /** Status for a bad signature (correct: 401). */
  badSignatureStatus?: number;
  /** The bytes the signature is checked over (correct: the raw body). */
  bytesToVerify?: (raw: Buffer) => Buffer;
  /** Replaces the signature check; `correct` is the right check over any bytes and headers. */
  verify?: (
    raw: Buffer,
    headers: Headers,
    correct: (bytes: Buffer, headers: Headers) => boolean,
  ) => boolean;
  /** Acknowledge a callback of an unknown event type before verifying it. */
  ackUnknownBeforeVerify?: boolean;
  /** Acknowledge a seen eventId before verifying. */
  dedupeBeforeVerify?: boolean;
  /** Status for a duplicate eventId (correct: 200). */
  duplicateStatus?: number;
  /** Throw (500) instead of answering 400 to malformed JSON. */
  crashOnBadJson?: boolean;
  /** Answer 400 to event types it has no handler for. */
  rejectUnknownEventTypes?: boolean;
  /** Answer 400 to callbacks with fields it does not know. */
  rejectUnknownFields?: boolean;
  /** Body limit; 413 above it (correct: 10 MiB). */
  maxBodyBytes?: number;
  /** 503 when more requests than this are in flight. */
  maxInFlight?: number;
  /** Waits this long before answering a callback with this raw body. */
  delayMs?: (raw: string) => number;
  /** Replay window for timestamped schemes (correct: 5 minutes). */
  toleranceMs?: number;
}

export interface ReferenceReceiver {
  url: string;
  /** Every request's headers and raw body, in arrival order. */
  requests: { headers: IncomingHttpHeaders; body: Buffer }[];
  close(): Promise<void>;
}

const KNOWN = new Set<string>(KNOWN_EVENT_TYPES);
const KNOWN_FIELDS = new Set([
  'eventId',
  'eventType',
  'service',
  'tenantId',
  'requestId',
  'timestamp',
  'status',
  'reason',
  'containerType',
  'participantType',
  'entityType',
  'data',
  'meta',
]);

/** A correct callback receiver on 127.0.0.1:0, built on the package's own verify, with one fault. */
export async function startReferenceReceiver(
  scheme: SchemeName,
  secret: string,
  fault: Fault = {},
): Promise<ReferenceReceiver> {
  const seen = new Set<string>();
  const requests: ReferenceReceiver['requests'] = [];
  let inFlight = 0;
  const correct = (bytes: Buffer, headers: Headers) =>
    SCHEMES[scheme].verify({
      body: bytes,
      headers,
      secrets: [secret],
      nowMs: Date.now(),
      ...(fault.toleranceMs === undefined ? {} : { toleranceMs: fault.toleranceMs }),
    }).valid;

  const answer = async (raw: Buffer, headers: Headers): Promise<number> => {
    if (raw.length > (fault.maxBodyBytes ?? 10 * 1024 * 1024)) return 413;
    if (fault.maxInFlight !== undefined && inFlight > fault.maxInFlight) return 503;
    const delay = fault.delayMs?.(raw.toString('utf8')) ?? 0;
    if (delay > 0) await sleep(delay);
    const peeked = tryParse(raw);
    if (
      fault.dedupeBeforeVerify &&
      typeof peeked?.eventId === 'string' &&
      seen.has(peeked.eventId)
    ) {
      return 200;
    }
    if (fault.ackUnknownBeforeVerify && peeked && !KNOWN.has(String(peeked.eventType))) return 200;
    const bytes = fault.bytesToVerify ? fault.bytesToVerify(raw) : raw;
    const valid = fault.verify ? fault.verify(raw, headers, correct) : correct(bytes, headers);
    if (!valid) return fault.badSignatureStatus ?? 401;
    const callback = fault.crashOnBadJson
      ? (JSON.parse(raw.toString('utf8')) as Callback)
      : tryParse(raw);
    if (!callback || typeof callback.eventId !== 'string') return 400;
    if (fault.rejectUnknownEventTypes && !KNOWN.has(String(callback.eventType))) return 400;
    if (fault.rejectUnknownFields && Object.keys(callback).some((key) => !KNOWN_FIELDS.has(key))) {
      return 400;
    }
    if (seen.has(callback.eventId)) return fault.duplicateStatus ?? 200;
    seen.add(callback.eventId);
    return fault.ackStatus ?? 202;
  };

  const server = createServer((request, response) => {
    inFlight++;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ headers: request.headers, body });
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : value,
        ]),
      );
      answer(body, headers)
        .catch(() => 500)
        .then((status) => {
          inFlight--;
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ status }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function tryParse(raw: Buffer): Callback | null {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Callback)
      : null;
  } catch {
    return null;
  }
}
