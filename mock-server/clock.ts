/** Where the mock reads the time. Tests and `--clock virtual` use VirtualClock; time then moves
 * only when the scheduler advances it. */
export interface Clock {
  readonly kind: 'real' | 'virtual';
  now(): number;
}

export class SystemClock implements Clock {
  readonly kind = 'real' as const;
  now(): number {
    return Date.now();
  }
}

export class VirtualClock implements Clock {
  readonly kind = 'virtual' as const;
  #now: number;

  constructor(startMs: number = Date.now()) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward to `ms`; never backwards. */
  moveTo(ms: number): void {
    if (ms > this.#now) this.#now = ms;
  }
}
