/** At most `limit` holders at once; the rest wait in arrival order. */
export class ConcurrencyLimit {
  readonly #limit: number;
  readonly #waiting = new WaitQueue();
  #active = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#active++;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
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
