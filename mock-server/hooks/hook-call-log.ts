import type { HookCallOutcome, HookCallRecord, HookKind } from '../generated/contracts.js';

export interface HookCallFilter {
  tenantId?: string | undefined;
  kind?: HookKind | undefined;
  outcome?: HookCallOutcome | undefined;
}

export const HOOK_KINDS: readonly HookKind[] = ['onRequest', 'onError'];
export const HOOK_OUTCOMES: readonly HookCallOutcome[] = [
  'pending',
  'passed',
  'mismatch',
  'timeout',
  'unreachable',
];

/**
 * Every call to a validation hook, like the delivery log for callbacks: a record from the moment
 * the call starts (outcome `pending`) to its answer, for GET /__admin/hook-calls and the log lines.
 */
export class HookCallLog {
  readonly #records = new Map<string, HookCallRecord>();
  readonly #listeners = new Set<(record: HookCallRecord) => void>();
  readonly #capacity: number;

  /** Keeps the last `capacity` calls; older ones are forgotten. */
  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** A call has started. */
  start(record: HookCallRecord): void {
    this.#records.set(record.id, record);
    if (this.#records.size > this.#capacity) {
      const oldest = this.#records.keys().next().value;
      if (oldest !== undefined) this.#records.delete(oldest);
    }
  }

  /** A call has ended and its record is complete: tell the listeners (logs). */
  finish(record: HookCallRecord): void {
    if (this.#records.get(record.id) !== record) return; // cleared while in flight
    for (const listener of this.#listeners) listener(record);
  }

  list(filter: HookCallFilter = {}): HookCallRecord[] {
    return [...this.#records.values()].filter(
      (record) =>
        (filter.tenantId === undefined || record.tenantId === filter.tenantId) &&
        (filter.kind === undefined || record.kind === filter.kind) &&
        (filter.outcome === undefined || record.outcome === filter.outcome),
    );
  }

  /** Follows finished calls; returns a function that stops following. */
  subscribe(listener: (record: HookCallRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#records.clear();
  }
}
