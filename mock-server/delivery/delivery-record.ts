import type { CallbackPayload, EventType, Os1Service } from '../generated/contracts.js';

export const DELIVERY_STATES = [
  'scheduled',
  'delivering',
  'delivered',
  'retrying',
  'dead',
] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const isFinal = (state: DeliveryState): boolean => state === 'delivered' || state === 'dead';

export interface DeliveryAttempt {
  /** 1 for the first attempt. */
  number: number;
  /** When the attempt was due and when it started, epoch ms on the mock's clock. */
  dueAt: number;
  startedAt: number;
  /** Wall-clock time the receiver took, ms. */
  latencyMs: number;
  statusCode: number | null;
  error: string | null;
  /** What the mock made of it. */
  outcome: 'acknowledged' | 'rejected' | 'gone' | 'timeout' | 'network-error';
  /** The signature headers sent with this attempt. */
  signatureHeaders: Record<string, string>;
  /** The start of the receiver's answer, for the log (at most 2 KiB). */
  responseBody: string;
}

/** One scheduled callback and everything that happened to it. Nothing is fire-and-forget. */
export interface DeliveryRecord {
  id: string;
  eventId: string;
  eventType: EventType;
  service: Os1Service;
  tenantId: string;
  requestId: string | null;
  /** Callbacks for the same object are delivered in order. */
  objectKey: string;
  url: string;
  payload: CallbackPayload;
  /** The exact bytes sent (the signature covers these). */
  body: string;
  state: DeliveryState;
  createdAt: number;
  /** When the next (or the last) attempt is due. */
  dueAt: number;
  deliveredAt: number | null;
  /** Why it is dead, when it is. */
  deadReason: string | null;
  attempts: DeliveryAttempt[];
  /** How many times it was redelivered by hand. */
  redeliveries: number;
}

/** What the admin API and handles show: the record without anything secret. */
export type DeliveryView = DeliveryRecord;
