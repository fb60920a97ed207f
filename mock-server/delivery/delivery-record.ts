import type {
  CallbackPayload,
  DeliveryAttempt,
  DeliveryFault,
  DeliveryRecord,
  DeliveryState,
  EventType,
  Os1Service,
} from '../generated/contracts.js';
import type { ScheduledJob } from '../scheduler.js';
import { objectOrderKey } from './object-order.js';
import { maskUrlPassword } from './redact-url.js';

// The shapes come from contracts/schemas/admin-delivery.json, which the admin API documents.
export type { DeliveryAttempt, DeliveryRecord, DeliveryState } from '../generated/contracts.js';

export const DELIVERY_STATES = [
  'scheduled',
  'delivering',
  'delivered',
  'retrying',
  'dead',
  'dropped',
] as const satisfies readonly DeliveryState[];

/** Delivered, dead, or dropped by failure simulation: nothing more will happen on its own. */
export const isFinal = (state: DeliveryState): boolean =>
  state === 'delivered' || state === 'dead' || state === 'dropped';

/** What the admin API and handles show: the record, which holds nothing secret. */
export type DeliveryView = DeliveryRecord;

/** What a new record is made of; the rest starts as `scheduled` with no attempts. */
export type NewRecord = Pick<
  DeliveryRecord,
  | 'id'
  | 'eventId'
  | 'eventType'
  | 'service'
  | 'tenantId'
  | 'requestId'
  | 'objectKey'
  | 'url'
  | 'createdAt'
  | 'dueAt'
> & {
  /** The exact bytes to send: the payload as JSON. */
  body: string;
  faults?: DeliveryFault[];
  /** X-COREOS-CALLBACK-SECRET of the request, if it had one. */
  requestSecret: string | null;
  /** objectOrderKey(tenantId, objectKey), when the caller has it already. */
  orderingKey?: string | undefined;
};

/**
 * One callback as the delivery queue keeps it, in the shape of admin-delivery.json. It keeps only
 * the bytes it sends: `payload` is parsed from `body` the first time someone asks (the admin API,
 * a waitFor predicate), so a pending callback holds one string instead of a string and an object
 * tree. The queue's bookkeeping sits in private fields, which JSON and util.inspect leave out.
 */
export class QueuedDelivery implements DeliveryRecord {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: EventType;
  readonly service: Os1Service;
  readonly tenantId: string;
  readonly requestId: string | null;
  readonly objectKey: string;
  readonly url: string;
  readonly body: string;
  state: DeliveryState = 'scheduled';
  readonly createdAt: number;
  dueAt: number;
  deliveredAt: number | null = null;
  deadReason: string | null = null;
  readonly attempts: DeliveryAttempt[] = [];
  redeliveries = 0;
  declare faults?: DeliveryFault[];

  #payload: CallbackPayload | undefined;
  readonly #requestSecret: string | null;
  /** Callbacks are ordered per tenant and object: tenants share type names, never their order. */
  readonly #orderingKey: string;
  #nextAttempt: ScheduledJob | undefined;
  /** Index of the first attempt of the current run (a redelivery starts a new run). */
  #runStart = 0;

  constructor(init: NewRecord) {
    this.id = init.id;
    this.eventId = init.eventId;
    this.eventType = init.eventType;
    this.service = init.service;
    this.tenantId = init.tenantId;
    this.requestId = init.requestId;
    this.objectKey = init.objectKey;
    this.url = init.url;
    this.body = init.body;
    this.createdAt = init.createdAt;
    this.dueAt = init.dueAt;
    if (init.faults) this.faults = init.faults;
    this.#requestSecret = init.requestSecret;
    this.#orderingKey = init.orderingKey ?? objectOrderKey(init.tenantId, init.objectKey);
  }

  /** The body, parsed (once). */
  get payload(): CallbackPayload {
    this.#payload ??= JSON.parse(this.body) as CallbackPayload;
    return this.#payload;
  }

  /** The request's own callback secret, for signing; never shown. */
  get requestSecret(): string | null {
    return this.#requestSecret;
  }

  get orderingKey(): string {
    return this.#orderingKey;
  }

  /** Attempts made since the current run began. */
  get attemptsInRun(): number {
    return this.attempts.length - this.#runStart;
  }

  /** A redelivery: the retry schedule starts over from the next attempt. */
  startRun(): void {
    this.#runStart = this.attempts.length;
  }

  /** Replaces the scheduled attempt, cancelling the one before it if it has not run. */
  setNextAttempt(job: ScheduledJob | undefined): void {
    this.#nextAttempt?.cancel();
    this.#nextAttempt = job;
    if (job) this.dueAt = job.dueAt;
  }

  /**
   * What JSON (the admin API) shows: admin-delivery.json's shape, in its order, with the password
   * in the URL masked. The record itself (what handles and waitFor hand back) keeps the real URL.
   */
  toJSON(): DeliveryRecord {
    return {
      id: this.id,
      eventId: this.eventId,
      eventType: this.eventType,
      service: this.service,
      tenantId: this.tenantId,
      requestId: this.requestId,
      objectKey: this.objectKey,
      url: maskUrlPassword(this.url),
      payload: this.payload,
      body: this.body,
      state: this.state,
      createdAt: this.createdAt,
      dueAt: this.dueAt,
      deliveredAt: this.deliveredAt,
      deadReason: this.deadReason,
      attempts: this.attempts,
      redeliveries: this.redeliveries,
      ...(this.faults ? { faults: this.faults } : {}),
    };
  }
}
