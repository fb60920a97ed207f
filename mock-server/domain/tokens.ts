import { randomBytes } from 'node:crypto';

/** Access tokens issued by the client-credentials endpoint. */
export class TokenRegistry {
  readonly #expiries = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  issue(ttlSeconds: number): { accessToken: string; expiresIn: number } {
    const accessToken = `os1mock_${randomBytes(24).toString('base64url')}`;
    this.#expiries.set(accessToken, this.#now() + ttlSeconds * 1000);
    return { accessToken, expiresIn: ttlSeconds };
  }

  /** 'valid', or why not. */
  check(token: string): 'valid' | 'unknown' | 'expired' {
    const expiry = this.#expiries.get(token);
    if (expiry === undefined) return 'unknown';
    return this.#now() < expiry ? 'valid' : 'expired';
  }

  reset(): void {
    this.#expiries.clear();
  }
}
