import { randomBytes } from 'node:crypto';

/**
 * Issued tokens remembered; issuing one more forgets the oldest, so clients that fetch a token per
 * request cannot grow the registry without end. About 120 bytes each.
 */
export const REMEMBERED_TOKENS = 100_000;

/** Access tokens issued by the client-credentials endpoint: the newest `capacity` of them. */
export class TokenRegistry {
  readonly #expiries = new Map<string, number>();
  /**
   * The tokens in the order issued, a ring once full: `#oldest` is the next to forget. (Forgetting
   * through a Map's first key is not O(1): V8 walks past the deleted entries still in its table.)
   */
  #order: string[] = [];
  #oldest = 0;
  readonly #now: () => number;
  readonly #capacity: number;

  constructor(now: () => number, capacity = REMEMBERED_TOKENS) {
    this.#now = now;
    this.#capacity = capacity;
  }

  issue(ttlSeconds: number): { accessToken: string; expiresIn: number } {
    const accessToken = `os1mock_${randomBytes(24).toString('base64url')}`;
    this.#expiries.set(accessToken, this.#now() + ttlSeconds * 1000);
    if (this.#order.length < this.#capacity) {
      this.#order.push(accessToken);
    } else {
      this.#expiries.delete(this.#order[this.#oldest] as string);
      this.#order[this.#oldest] = accessToken;
      this.#oldest = (this.#oldest + 1) % this.#capacity;
    }
    return { accessToken, expiresIn: ttlSeconds };
  }

  /** 'valid', or why not ('unknown' also for a token older than the newest `capacity`). */
  check(token: string): 'valid' | 'unknown' | 'expired' {
    const expiry = this.#expiries.get(token);
    if (expiry === undefined) return 'unknown';
    return this.#now() < expiry ? 'valid' : 'expired';
  }

  /** Tokens remembered now. */
  get size(): number {
    return this.#expiries.size;
  }

  reset(): void {
    this.#expiries.clear();
    this.#order = [];
    this.#oldest = 0;
  }
}
