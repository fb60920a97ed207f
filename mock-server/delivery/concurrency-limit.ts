/** At most `limit` holders at once; the rest wait in arrival order. */
export class ConcurrencyLimit {
  readonly #limit: number;
  readonly #waiting = new WaitQueue();
  #active = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /**
   * Runs `work` now when a slot is free (no extra promise in between), else once one frees up.
   * The slot is released before the caller sees the outcome.
   */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#active < this.#limit) {
      this.#active++;
      return this.#hold(work);
    }
    return new Promise<void>((resolve) => this.#waiting.push(resolve)).then(() => this.#hold(work));
  }

  /** Runs `work` in a slot already taken and frees it when the work settles. */
  #hold<T>(work: () => Promise<T>): Promise<T> {
    let running: Promise<T>;
    try {
      running = work();
    } catch (error) {
      this.#release();
      return Promise.reject(error);
    }
    running.then(this.#release, this.#release);
    return running;
  }

  /** Hands the slot to the next waiting holder, or frees it. */
  readonly #release = (): void => {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#active--;
  };
}

/**
 * A FIFO with O(1) push and shift however long it grows. (Array#shift copies the whole array once
 * it is large, which made 100,000 waiting callbacks quadratic.)
 */
class WaitQueue {
  #items: Array<(() => void) | undefined> = [];
  #head = 0;

  push(item: () => void): void {
    this.#items.push(item);
  }

  shift(): (() => void) | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head++;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 4096 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}
