import type { CallbackMeta } from '../delivery/callback-payload.js';
import { buildCallbackPayload } from '../delivery/callback-payload.js';
import type { DeliveryFaults } from '../delivery/delivery-faults.js';
import type { DeliveryQueue } from '../delivery/delivery-queue.js';
import { objectOrderKey } from '../delivery/object-order.js';
import type { CallbackPayload, EventType, Os1Service } from '../generated/contracts.js';
import type { Scheduler } from '../scheduler.js';

export type Outcome =
  | { status: 'success'; data: CallbackPayload['data'] }
  | { status: 'failed'; reason: string; data: CallbackPayload['data'] };

export interface CallbackTarget {
  url: string;
  /** Present when the request's callback had a meta (even null). */
  meta?: { value: CallbackMeta };
}

/** An accepted (202) request whose work happens later. */
export interface AsyncOperation {
  tenantId: string;
  requestId: string;
  service: Os1Service;
  eventType: EventType;
  /** Operations on the same object are processed, and their callbacks delivered, in order. */
  objectKey: string;
  typeFields?: Pick<CallbackPayload, 'containerType' | 'participantType' | 'entityType'>;
  callback: CallbackTarget | null;
  requestSecret: string | null;
  /** Does the work against the store when the operation falls due. */
  process(now: number): Outcome;
  /**
   * Runs when processing fails (OS1's onError hook), before the `failed` callback is enqueued; later
   * operations on the same object wait for it.
   */
  onFailure?: (failure: { reason: string; data: CallbackPayload['data'] }) => Promise<void>;
  /** Failure simulation decided when the request was accepted (scenario rules, X-OS1-Mock-*). */
  faults?: OperationFaults;
  /** Runs instead of `process` when the operation fails before doing its work (`faults.fail`). */
  skipped?: (failure: { reason: string }, now: number) => void;
}

export interface OperationFaults {
  /**
   * Fail instead of processing: `process` does not run, so the store stays as it was. Set by an
   * injected failure or by an onRequest hook that rejected the request asynchronously.
   */
  fail?: { reason: string; data: CallbackPayload['data'] };
  /** What to do to the callback; carried to its delivery record. */
  delivery?: DeliveryFaults;
}

/** The reason of the failed callback sent when processing threw: a bug, never the caller's fault. */
export const PROCESSING_BUG =
  'os1-mock failed while processing this request. This is a bug in os1-mock: please report it (the server log has the details).';

export interface ProcessedOperation {
  operation: AsyncOperation;
  outcome: Outcome;
}

export interface OperationProcessorOptions {
  scheduler: Scheduler;
  deliveries: DeliveryQueue;
  /** Draws how long processing takes, in ms. */
  processingDelay: () => number;
  eventTypeNames: Partial<Record<EventType, string>>;
}

/**
 * Accepted requests wait here for their processing time, then change the store and schedule their
 * callback. GET and list see a change only once it has been processed.
 */
export class OperationProcessor {
  readonly #options: OperationProcessorOptions;
  /** Latest due time per tenant and object, so later operations never overtake earlier ones. */
  readonly #lastDue = new Map<string, number>();
  readonly #listeners = new Set<(processed: ProcessedOperation) => void>();
  /** Per tenant and object, failure handlers still running: later operations wait for them. */
  readonly #failing = new Map<string, Promise<void>>();
  /** Bumped by reset(), so work started before it enqueues nothing after it. */
  #generation = 0;
  #pending = 0;

  constructor(options: OperationProcessorOptions) {
    this.#options = options;
  }

  /** Accepted operations not yet processed. */
  get pending(): number {
    return this.#pending;
  }

  /** Operations not yet processed that will send a callback. */
  #pendingWithCallback = 0;
  get pendingCallbacks(): number {
    return this.#pendingWithCallback;
  }

  accept(operation: AsyncOperation, delayMs: number = this.#options.processingDelay()): number {
    const { scheduler } = this.#options;
    const earliest = scheduler.clock.now() + Math.max(0, delayMs);
    const key = objectOrderKey(operation.tenantId, operation.objectKey);
    const dueAt = Math.max(earliest, this.#lastDue.get(key) ?? 0);
    this.#lastDue.set(key, dueAt);
    this.#pending++;
    if (operation.callback) {
      this.#pendingWithCallback++;
      this.#options.deliveries.prepareTransport();
    }
    scheduler.at(dueAt, () => this.#process(operation, dueAt, key));
    return dueAt;
  }

  /** Whether an operation on this tenant's object is accepted and not yet processed. */
  hasPending(tenantId: string, objectKey: string): boolean {
    return this.#lastDue.has(objectOrderKey(tenantId, objectKey));
  }

  onProcessed(listener: (processed: ProcessedOperation) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  reset(): void {
    this.#generation++;
    this.#failing.clear();
    this.#lastDue.clear();
    this.#pending = 0;
    this.#pendingWithCallback = 0;
  }

  /** `key` is objectOrderKey(tenant, object): later operations on the object wait for this one. */
  #process(operation: AsyncOperation, dueAt: number, key: string): Promise<void> | undefined {
    if (this.#lastDue.get(key) === dueAt) this.#lastDue.delete(key);
    const generation = this.#generation;
    const earlier = this.#failing.get(key);
    const running = earlier
      ? earlier.then(() => this.#run(operation, generation, key))
      : this.#run(operation, generation, key);
    if (!running) return undefined;
    const done: Promise<void> = running.then(ignore, ignore).then(() => {
      if (this.#failing.get(key) === done) this.#failing.delete(key);
    });
    this.#failing.set(key, done);
    return running;
  }

  /** Processes now; a promise when a failure handler runs before the callback is enqueued. */
  #run(operation: AsyncOperation, generation: number, key: string): Promise<void> | undefined {
    if (generation !== this.#generation) return undefined; // reset while it waited
    this.#pending = Math.max(0, this.#pending - 1);
    const now = this.#options.scheduler.clock.now();
    let outcome: Outcome;
    let bug: { error: unknown } | undefined;
    try {
      const injected = operation.faults?.fail;
      if (injected) operation.skipped?.({ reason: injected.reason }, now);
      outcome = injected ? { status: 'failed', ...injected } : operation.process(now);
    } catch (error) {
      // A bug in the mock must not lose the callback: the caller gets a failed one that says so,
      // and the error still reaches the scheduler's error handler (the server log).
      bug = { error };
      outcome = { status: 'failed', reason: PROCESSING_BUG, data: { id: operation.objectKey } };
    }
    for (const listener of this.#listeners) listener({ operation, outcome });
    const reportBug = () => {
      if (bug) throw bug.error;
    };
    if (outcome.status !== 'failed' || !operation.onFailure) {
      this.#enqueueCallback(operation, outcome, now, key);
      return bug ? Promise.resolve().then(reportBug) : undefined;
    }
    const finish = () => {
      if (generation === this.#generation) this.#enqueueCallback(operation, outcome, now, key);
    };
    return operation
      .onFailure({ reason: outcome.reason, data: outcome.data })
      .then(finish, (error: unknown) => {
        finish();
        throw error;
      })
      .then(reportBug);
  }

  #settleCallback(operation: AsyncOperation): void {
    if (operation.callback) this.#pendingWithCallback = Math.max(0, this.#pendingWithCallback - 1);
  }

  #enqueueCallback(operation: AsyncOperation, outcome: Outcome, now: number, key: string): void {
    this.#settleCallback(operation);
    if (!operation.callback) return;
    const payload = buildCallbackPayload({
      eventType: operation.eventType,
      service: operation.service,
      tenantId: operation.tenantId,
      requestId: operation.requestId,
      timestamp: now,
      status: outcome.status,
      reason: outcome.status === 'failed' ? outcome.reason : undefined,
      data: outcome.data,
      meta: operation.callback.meta,
      ...(operation.typeFields ? { typeFields: operation.typeFields } : {}),
      eventTypeNames: this.#options.eventTypeNames,
    });
    this.#options.deliveries.enqueue({
      eventType: operation.eventType,
      service: operation.service,
      tenantId: operation.tenantId,
      requestId: operation.requestId,
      objectKey: operation.objectKey,
      url: operation.callback.url,
      payload,
      requestSecret: operation.requestSecret,
      orderingKey: key,
      ...(operation.faults?.delivery ? { faults: operation.faults.delivery } : {}),
    });
  }
}

const ignore = (): void => {};
