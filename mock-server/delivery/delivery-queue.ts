import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CallbackPayload, Os1Service } from '../generated/contracts.js';
import type { Random } from '../random.js';
import type { Scheduler } from '../scheduler.js';
import { SCHEMES } from '../signing/schemes.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import type { DeliveryFault, DeliveryFaults } from './delivery-faults.js';
import { FORGED_SECRET, tamperedBody } from './delivery-faults.js';
import type { DeliveryAttempt, DeliveryRecord, DeliveryState } from './delivery-record.js';
import { isFinal, QueuedDelivery } from './delivery-record.js';
import { ObjectOrder } from './object-order.js';
import type { RetryPolicy } from './retry-policy.js';
import { nextStep, parseRetryAfter } from './retry-policy.js';
import type { SigningSettings } from './signing-settings.js';
import type { OutgoingCallback, Transport } from './transport.js';
import { TransportError } from './transport.js';

/** A callback to schedule: its record's identity fields (admin-delivery.json) and what to send. */
export type NewCallback = Pick<
  DeliveryRecord,
  'eventType' | 'service' | 'tenantId' | 'requestId' | 'objectKey' | 'url'
> & {
  payload: CallbackPayload;
  /** X-COREOS-CALLBACK-SECRET of the request, if it had one. Never shown. */
  requestSecret: string | null;
  /** Defaults to now. */
  dueAt?: number;
  /** Failure simulation decided for this callback (scenario rules, X-OS1-Mock-* headers). */
  faults?: DeliveryFaults;
  /** objectOrderKey(tenantId, objectKey), when the caller has it already. */
  orderingKey?: string | undefined;
};

export interface DeliveryFilter {
  state?: DeliveryState | undefined;
  tenantId?: string | undefined;
  service?: Os1Service | undefined;
  eventType?: string | undefined;
  url?: string | undefined;
  eventId?: string | undefined;
}

export type DeliveryEvent =
  | { type: 'attempt'; record: DeliveryRecord; attempt: DeliveryAttempt }
  | { type: 'final'; record: DeliveryRecord };

export interface DeliveryQueueOptions {
  scheduler: Scheduler;
  transport: Transport;
  signing: SigningSettings;
  retry: RetryPolicy;
  timeoutMs: number;
  concurrency: number;
  random: Random;
  /** Finished records kept for inspection; older ones are forgotten. */
  retainFinished: number;
}

export interface WaitOptions {
  /** Real milliseconds to wait before giving up. Default 5000. */
  timeoutMs?: number;
}

/**
 * Every callback is a record here, from scheduling to its final state: attempts are signed and sent
 * through the transport, retried on the policy's schedule, held back while an earlier callback for
 * the same object is unfinished, and limited in how many run at once.
 */
export class DeliveryQueue {
  readonly #options: DeliveryQueueOptions;
  readonly #records = new Map<string, QueuedDelivery>();
  /** Unfinished records per tenant and object, oldest first: only the first may be attempted. */
  readonly #order = new ObjectOrder<QueuedDelivery>();
  /** Records whose attempt fell due while an earlier one for the object was unfinished. */
  readonly #held = new Set<QueuedDelivery>();
  /** Replaced, never changed in place, so an event goes to the listeners there were when it began. */
  #listeners: ReadonlyArray<(event: DeliveryEvent) => void> = [];
  /** Failure simulation to play on a record's attempts. */
  readonly #faults = new Map<QueuedDelivery, DeliveryFaults>();
  /** Records held out of their object's order (out-of-order), so ordering no longer holds them. */
  readonly #unordered = new Set<QueuedDelivery>();
  /** Per URL, records held back until the next callback to that URL has been attempted. */
  readonly #swapHolds = new Map<string, QueuedDelivery[]>();
  /** Why a held record was let go, for its first attempt's `fault`. */
  readonly #swapNotes = new Map<QueuedDelivery, string>();
  readonly #limit: ConcurrencyLimit;
  #finishedCount = 0;
  /** Whether the transport has been told to get ready (prepareTransport). */
  #prepared = false;

  constructor(options: DeliveryQueueOptions) {
    this.#options = options;
    this.#limit = new ConcurrencyLimit(options.concurrency);
  }

  /**
   * Schedules a callback; answers its record. Failure simulation can make it several records with
   * the same eventId (duplicate) or one that is never sent (drop).
   */
  enqueue(callback: NewCallback): DeliveryRecord {
    this.prepareTransport();
    const faults = callback.faults;
    const copies = faults?.drop ? 1 : Math.max(1, faults?.copies ?? 1);
    const body = JSON.stringify(callback.payload);
    const first = this.#schedule(callback, body, 1, copies);
    for (let copy = 2; copy <= copies; copy++) this.#schedule(callback, body, copy, copies);
    return first;
  }

  #schedule(callback: NewCallback, body: string, copy: number, copies: number): QueuedDelivery {
    const now = this.#options.scheduler.clock.now();
    const { faults } = callback;
    const dueAt = (callback.dueAt ?? now) + (faults?.slowMs ?? 0);
    const record = new QueuedDelivery({
      id: newDeliveryId(),
      eventId: callback.payload.eventId,
      eventType: callback.eventType,
      service: callback.service,
      tenantId: callback.tenantId,
      requestId: callback.requestId,
      objectKey: callback.objectKey,
      url: callback.url,
      body,
      createdAt: now,
      dueAt,
      ...(faults ? { faults: notesFor(faults.notes, copy, copies) } : {}),
      requestSecret: callback.requestSecret,
      orderingKey: callback.orderingKey,
    });
    this.#records.set(record.id, record);
    if (faults?.drop) {
      // Never sent: final at once, so waiting for it (and counting pending work) still works.
      record.state = 'dropped';
      this.#finishedCount++;
      this.#emit({ type: 'final', record });
      this.#forgetOldFinished();
      return record;
    }
    if (faults) this.#faults.set(record, faults);
    this.#order.join(record.orderingKey, record);
    this.#scheduleAttempt(record, dueAt);
    return record;
  }

  /**
   * Tells the transport, once, that callbacks are coming (its optional `prepare`), so it can get
   * ready before the first falls due: called when the first request with a callback is accepted,
   * and by the first enqueue.
   */
  prepareTransport(): void {
    if (this.#prepared) return;
    this.#prepared = true;
    this.#options.transport.prepare?.();
  }

  get(id: string): DeliveryRecord | undefined {
    return this.#records.get(id);
  }

  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    const matches: DeliveryRecord[] = [];
    for (const record of this.#records.values()) {
      if (matchesFilter(record, filter)) matches.push(record);
    }
    return matches;
  }

  /** Records not yet delivered or dead. */
  get pendingCount(): number {
    return this.#records.size - this.#finishedCount;
  }

  /** Sends a finished record again, with the same eventId, as a new run of the retry schedule. */
  redeliver(id: string): DeliveryRecord | undefined {
    const record = this.#records.get(id);
    if (!record) return undefined;
    if (!isFinal(record.state)) return record;
    this.#finishedCount--;
    record.state = 'scheduled';
    record.deadReason = null;
    record.redeliveries++;
    this.#unordered.delete(record);
    record.startRun();
    this.#order.join(record.orderingKey, record);
    this.#scheduleAttempt(record, this.#options.scheduler.clock.now());
    return record;
  }

  /**
   * Redelivers every dead record that matches `filter` (its state, if any, is ignored), oldest
   * first, so callbacks for one object keep their order. Answers the records redelivered.
   */
  redeliverDead(filter: Omit<DeliveryFilter, 'state'> = {}): DeliveryRecord[] {
    const dead = this.list({ ...filter, state: 'dead' });
    for (const record of dead) this.redeliver(record.id);
    return dead;
  }

  /**
   * The X-COREOS-CALLBACK-SECRET that signs the callback with this event id, if its request sent
   * one: for checking a signature, never for showing.
   */
  requestSecretFor(eventId: string): string | null {
    for (const record of this.#records.values()) {
      if (record.eventId === eventId) return record.requestSecret;
    }
    return null;
  }

  /**
   * Resolves with the first finished (delivered or dead) record that matches, waiting up to
   * `timeoutMs` of real time; rejects with a list of what finished instead.
   */
  waitFor(
    predicate: (record: DeliveryRecord) => boolean,
    { timeoutMs = 5000 }: WaitOptions = {},
  ): Promise<DeliveryRecord> {
    for (const record of this.#records.values()) {
      if (isFinal(record.state) && predicate(record)) return Promise.resolve(record);
    }
    return new Promise((resolve, reject) => {
      const listener = (event: DeliveryEvent): void => {
        if (event.type === 'final' && predicate(event.record)) {
          unsubscribe();
          clearTimeout(timer);
          resolve(event.record);
        }
      };
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(this.#describeMiss(timeoutMs)));
      }, timeoutMs);
      const unsubscribe = this.subscribe(listener);
    });
  }

  /** Follows attempts and outcomes (for logs); returns a function that stops following. */
  subscribe(listener: (event: DeliveryEvent) => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((other) => other !== listener);
    };
  }

  /** Forgets every record and cancels every scheduled attempt. */
  reset(): void {
    for (const record of this.#records.values()) record.setNextAttempt(undefined);
    this.#records.clear();
    this.#order.clear();
    this.#held.clear();
    this.#faults.clear();
    this.#unordered.clear();
    this.#swapHolds.clear();
    this.#swapNotes.clear();
    this.#finishedCount = 0;
  }

  #scheduleAttempt(record: QueuedDelivery, at: number): void {
    record.setNextAttempt(this.#options.scheduler.at(at, this.#attemptJob, record));
  }

  /** One function for every scheduled attempt, rather than a closure per record. */
  readonly #attemptJob = (record: QueuedDelivery): Promise<void> | undefined =>
    this.#attempt(record);

  /** Sends the record now, unless ordering or failure simulation holds it back. */
  #attempt(record: QueuedDelivery): Promise<void> | undefined {
    if (isFinal(record.state) || this.#records.get(record.id) !== record) return undefined;
    if (this.#unordered.has(record)) {
      if (this.#leaveSwapHold(record)) {
        this.#swapNotes.set(
          record,
          'held back for out-of-order, then sent when no other callback to the URL came within its maxHoldMs',
        );
      }
    } else {
      const first = this.#order.first(record.orderingKey);
      if (first !== undefined && first !== record) {
        this.#held.add(record);
        return undefined;
      }
      const maxHoldMs = this.#faults.get(record)?.outOfOrderMaxHoldMs;
      if (maxHoldMs !== undefined && record.attempts.length === 0) {
        this.#holdForSwap(record, maxHoldMs);
        return undefined;
      }
    }
    return this.#limit.run(() => this.#send(record));
  }

  /**
   * out-of-order: takes the record out of its object's order and holds it until another callback
   * to the same URL has been attempted (then it goes next), or for maxHoldMs at most.
   */
  #holdForSwap(record: QueuedDelivery, maxHoldMs: number): void {
    this.#unordered.add(record);
    this.#leaveObjectOrder(record);
    const holds = this.#swapHolds.get(record.url);
    if (holds) holds.push(record);
    else this.#swapHolds.set(record.url, [record]);
    this.#scheduleAttempt(record, this.#options.scheduler.clock.now() + maxHoldMs);
  }

  /** Whether the record was still held for a swap (and is no longer). */
  #leaveSwapHold(record: QueuedDelivery): boolean {
    const holds = this.#swapHolds.get(record.url);
    const index = holds?.indexOf(record) ?? -1;
    if (!holds || index < 0) return false;
    holds.splice(index, 1);
    if (holds.length === 0) this.#swapHolds.delete(record.url);
    return true;
  }

  /** After an attempt to `url`, sends the callbacks held back to go after it. */
  #releaseSwapped(url: string, after: QueuedDelivery): void {
    const holds = this.#swapHolds.get(url);
    if (!holds) return;
    this.#swapHolds.delete(url);
    const now = this.#options.scheduler.clock.now();
    for (const held of holds) {
      if (this.#records.get(held.id) !== held) continue;
      this.#swapNotes.set(
        held,
        `held back for out-of-order, then sent after ${after.id} (${after.eventType}) to the same URL`,
      );
      this.#scheduleAttempt(held, now);
    }
  }

  async #send(record: QueuedDelivery): Promise<void> {
    const { scheduler, signing, transport, timeoutMs } = this.#options;
    const startedAt = scheduler.clock.now();
    record.state = 'delivering';
    const faults = this.#faults.get(record);
    const firstAttempt = record.attempts.length === 0;
    const signatureFault =
      faults?.signature && (faults.signature.attempts === 'all' || firstAttempt)
        ? faults.signature
        : undefined;
    const connectionFault =
      faults?.connection && (faults.connection.attempts === 'all' || firstAttempt)
        ? faults.connection
        : undefined;
    const secrets =
      signatureFault?.kind === 'bad-signature'
        ? [FORGED_SECRET]
        : signing.signingSecrets(record.tenantId, record.requestSecret);
    const signed = SCHEMES[signing.schemeFor(record.tenantId)].sign({
      body: record.body,
      secrets,
      eventId: record.eventId,
      timestampMs: startedAt,
    });
    const signatureHeaders = signatureFault?.kind === 'no-signature' ? {} : signed;
    const tampered = signatureFault?.kind === 'tampered-body' ? tamperedBody(record.body) : null;
    const sentBody = tampered?.body ?? record.body;
    let faultNote: string | undefined;
    if (faults || this.#swapNotes.size > 0) {
      const notes = [
        this.#swapNotes.get(record),
        signatureFault && `${signatureFault.note}${tampered ? ` (${tampered.change})` : ''}`,
        connectionFault?.note,
      ].filter((note): note is string => typeof note === 'string');
      this.#swapNotes.delete(record);
      if (notes.length > 0) faultNote = notes.join('; ');
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'os1-mock',
      'x-coreos-tid': record.tenantId,
    };
    if (record.requestId !== null) headers['x-coreos-request-id'] = record.requestId;
    Object.assign(headers, signatureHeaders);
    const outgoing: OutgoingCallback = { url: record.url, headers, body: sentBody, timeoutMs };
    if (connectionFault) outgoing.fault = connectionFault.fault;
    const began = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let responseBody = '';
    let retryAfterMs: number | null = null;
    let outcome: DeliveryAttempt['outcome'];
    try {
      const response = await transport(outgoing);
      statusCode = response.statusCode;
      responseBody = response.body;
      retryAfterMs = parseRetryAfter(response.headers['retry-after'], scheduler.clock.now());
      outcome =
        statusCode === 200 || statusCode === 202
          ? 'acknowledged'
          : statusCode === 410
            ? 'gone'
            : 'rejected';
    } catch (caught) {
      const transportError =
        caught instanceof TransportError
          ? caught
          : new TransportError(
              'network-error',
              caught instanceof Error ? caught.message : String(caught),
            );
      error = transportError.message;
      outcome = transportError.kind;
    }
    if (this.#records.get(record.id) !== record) return; // reset while in flight
    const attempt: DeliveryAttempt = {
      number: record.attempts.length + 1,
      dueAt: record.dueAt,
      startedAt,
      latencyMs: Math.round((performance.now() - began) * 100) / 100,
      statusCode,
      error,
      outcome,
      signatureHeaders,
      responseBody,
    };
    if (faultNote !== undefined) attempt.fault = faultNote;
    if (tampered) attempt.sentBody = sentBody;
    record.attempts.push(attempt);
    if (!this.#unordered.has(record)) this.#releaseSwapped(record.url, record);

    const step = nextStep(
      this.#options.retry,
      record.attemptsInRun,
      { statusCode, retryAfterMs },
      this.#options.random,
    );
    const now = scheduler.clock.now();
    switch (step.kind) {
      case 'delivered':
        record.state = 'delivered';
        record.deliveredAt = now;
        this.#finish(record);
        break;
      case 'dead':
        record.state = 'dead';
        record.deadReason = step.reason;
        this.#finish(record);
        break;
      case 'retry':
        record.state = 'retrying';
        this.#scheduleAttempt(record, now + step.delayMs);
        break;
    }
    // After the outcome is applied, so listeners see the record's new state.
    if (this.#listeners.length === 0) return;
    this.#emit({ type: 'attempt', record, attempt });
    if (isFinal(record.state)) this.#emit({ type: 'final', record });
  }

  #finish(record: QueuedDelivery): void {
    this.#finishedCount++;
    this.#leaveObjectOrder(record);
    this.#forgetOldFinished();
  }

  /** Takes the record out of its object's order and lets the next one go if it was held. */
  #leaveObjectOrder(record: QueuedDelivery): void {
    const next = this.#order.leave(record.orderingKey, record);
    if (next !== undefined && this.#held.delete(next)) {
      this.#scheduleAttempt(next, this.#options.scheduler.clock.now());
    }
  }

  #forgetOldFinished(): void {
    const limit = this.#options.retainFinished;
    if (this.#finishedCount <= limit * 1.1 + 10) return;
    for (const [id, record] of this.#records) {
      if (this.#finishedCount <= limit) break;
      if (!isFinal(record.state)) continue;
      this.#records.delete(id);
      this.#faults.delete(record);
      this.#unordered.delete(record);
      this.#finishedCount--;
    }
  }

  #emit(event: DeliveryEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #describeMiss(timeoutMs: number): string {
    const finished = [...this.#records.values()].filter((record) => isFinal(record.state));
    const pending = this.#records.size - finished.length;
    const lines = finished
      .slice(-10)
      .map(
        (record) =>
          `  - ${record.id} ${record.eventType} (${record.service}) to ${record.url}: ${record.state}`,
      );
    return [
      `no finished delivery matched within ${timeoutMs} ms.`,
      finished.length === 0
        ? 'Nothing has been delivered yet.'
        : `Finished instead (last ${lines.length} of ${finished.length}):`,
      ...lines,
      `${pending} still pending. Did the request carry a callback URL, and is the clock advanced (virtual clock)?`,
    ].join('\n');
  }
}

/**
 * The first 24 characters of a UUID, drawn once per process, then a 12-digit hex counter: unique
 * across resets and queues in one process, UUID-shaped as admin-delivery.json says, and without the
 * fresh random bytes a UUID per callback costs.
 */
const ID_PREFIX = `dlv_${randomUUID().slice(0, 24)}`;
let idCounter = 0;
const newDeliveryId = (): string => ID_PREFIX + (idCounter++).toString(16).padStart(12, '0');

/** The record's copy of the fault notes; a duplicate says which delivery of how many it is. */
function notesFor(notes: readonly DeliveryFault[], copy: number, copies: number): DeliveryFault[] {
  return notes.map((note) =>
    note.action === 'duplicate' && copies > 1
      ? { ...note, detail: `${note.detail}: delivery ${copy} of ${copies}, the same eventId` }
      : { ...note },
  );
}

function matchesFilter(record: DeliveryRecord, filter: DeliveryFilter): boolean {
  return (
    (filter.state === undefined || record.state === filter.state) &&
    (filter.tenantId === undefined || record.tenantId === filter.tenantId) &&
    (filter.service === undefined || record.service === filter.service) &&
    (filter.eventType === undefined || record.eventType === filter.eventType) &&
    (filter.url === undefined || record.url === filter.url) &&
    (filter.eventId === undefined || record.eventId === filter.eventId)
  );
}
