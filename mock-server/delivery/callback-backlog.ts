/** Told when requests start being refused: how many callbacks were pending, and the limit. */
export type BacklogFullListener = (pending: number, max: number) => void;

/**
 * Backpressure on the callbacks waiting to go out (config `callbacks.maxPending`, 0 for no limit).
 * Every accepted request with a callback holds its operation and then its delivery record until the
 * callback is delivered or dead; when requests come faster than callbacks go out, they would pile up
 * until the heap ran out. At the limit a new request with a callback is refused instead (the route
 * answers 503 CALLBACK_BACKLOG_FULL), so the caller slows down and no callback is dropped.
 * docs/decisions/0011.
 *
 * `admits()` runs on every accepted request: two counter reads, no allocation.
 */
export class CallbackBacklog {
  /** Most callbacks pending before requests are refused; 0 for no limit. */
  readonly max: number;
  readonly #pending: () => number;
  /** Refusing since the last request admitted: listeners have been told. */
  #full = false;
  #refused = 0;
  readonly #fullListeners = new Set<BacklogFullListener>();

  /** `pending` counts callbacks not yet finished; it must be cheap (it runs per request). */
  constructor(max: number, pending: () => number) {
    this.max = max;
    this.#pending = pending;
  }

  /** Callbacks not yet finished: operations waiting to be processed, deliveries not yet final. */
  get pending(): number {
    return this.#pending();
  }

  /** Requests refused since the start or the last reset. */
  get refused(): number {
    return this.#refused;
  }

  /**
   * Whether one more callback may be scheduled. When not, the refusal is counted, and the first
   * refusal since a request was last admitted tells the listeners.
   */
  admits(): boolean {
    if (this.max === 0) return true;
    const pending = this.#pending();
    if (pending < this.max) {
      this.#full = false;
      return true;
    }
    this.#refused++;
    if (!this.#full) {
      this.#full = true;
      for (const listener of this.#fullListeners) listener(pending, this.max);
    }
    return false;
  }

  /**
   * Calls `listener` when requests start being refused, and again only once a request has been
   * admitted in between; answers a function that stops it.
   */
  onFull(listener: BacklogFullListener): () => void {
    this.#fullListeners.add(listener);
    return () => this.#fullListeners.delete(listener);
  }

  /** Forgets the refusals (the pending work itself is reset by its owners). */
  reset(): void {
    this.#full = false;
    this.#refused = 0;
  }
}
