import type { Clock } from './clock.js';
import { VirtualClock } from './clock.js';

/** Work to run when due; it is given the `arg` it was scheduled with. */
export type Job<T = undefined> = (arg: T) => unknown;

export interface ScheduledJob {
  readonly dueAt: number;
  /** Stops the job from running; does nothing once it has run or was cancelled. */
  cancel(): void;
}

/** One scheduled job: its place in the heap, and the handle its scheduler answers with. */
class Entry<T = unknown> implements ScheduledJob {
  readonly dueAt: number;
  readonly seq: number;
  readonly job: Job<T>;
  readonly arg: T;
  /** Neither run nor cancelled yet. */
  waiting = true;
  readonly #onCancel: () => void;

  constructor(dueAt: number, seq: number, job: Job<T>, arg: T, onCancel: () => void) {
    this.dueAt = dueAt;
    this.seq = seq;
    this.job = job;
    this.arg = arg;
    this.#onCancel = onCancel;
  }

  cancel(): void {
    if (!this.waiting) return;
    this.waiting = false;
    this.#onCancel();
  }
}

/** setTimeout's largest delay; longer waits re-arm when the timer fires. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Runs jobs when they fall due, from one min-heap and (on a real clock) one timer, however many
 * jobs are pending. Every job's promise is tracked, so `settle()` and `advance()` can wait for the
 * work a job started instead of leaving it fire-and-forget.
 */
export class Scheduler {
  readonly clock: Clock;
  readonly #heap: Entry[] = [];
  /** Jobs whose promise has not settled yet. */
  #running = 0;
  /** Resolved when #running falls to 0. */
  #whenIdle: Array<() => void> = [];
  #seq = 0;
  #live = 0;
  /** Shared by every entry: a cancelled job no longer counts as pending. */
  readonly #onCancel = (): void => {
    this.#live--;
  };
  #timer: NodeJS.Timeout | undefined;
  #timerDueAt = Number.POSITIVE_INFINITY;
  #stopped = false;
  #onError: (error: unknown) => void;

  constructor(clock: Clock, onError: (error: unknown) => void = () => {}) {
    this.clock = clock;
    this.#onError = onError;
  }

  /** Jobs waiting for their time (running ones not counted). */
  get pending(): number {
    return this.#live;
  }

  /** Jobs started and not yet finished. */
  get running(): number {
    return this.#running;
  }

  /**
   * Runs `job(arg)` at `dueAt`. Passing `arg` lets a caller with many jobs share one function
   * instead of making a closure per job.
   */
  at(dueAt: number, job: Job): ScheduledJob;
  at<T>(dueAt: number, job: Job<T>, arg: T): ScheduledJob;
  at<T>(dueAt: number, job: Job<T>, arg?: T): ScheduledJob {
    const entry = new Entry(dueAt, this.#seq++, job, arg as T, this.#onCancel);
    this.#push(entry as Entry);
    this.#live++;
    this.#arm();
    return entry;
  }

  after(delayMs: number, job: Job): ScheduledJob {
    return this.at(this.clock.now() + Math.max(0, delayMs), job);
  }

  /** Resolves when every job started so far, and any it started in turn, has finished. */
  async settle(): Promise<void> {
    while (this.#running > 0) {
      await new Promise<void>((resolve) => this.#whenIdle.push(resolve));
    }
  }

  /**
   * Virtual clock only: moves time forward by `ms`, running every job due on the way in due order
   * and waiting for each batch to finish, so retries scheduled by those jobs run too.
   */
  async advance(ms: number): Promise<void> {
    const clock = this.clock;
    if (!(clock instanceof VirtualClock)) {
      throw new Error('advance() needs a virtual clock: start the mock with clock "virtual".');
    }
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) takes a finite ms >= 0');
    const target = clock.now() + ms;
    await this.settle();
    for (;;) {
      const next = this.#peek();
      if (!next || next.dueAt > target) break;
      clock.moveTo(next.dueAt);
      this.#runDue(next.dueAt);
      await this.settle();
    }
    clock.moveTo(target);
  }

  /** Cancels every pending job and stops for good; running jobs are left to finish. */
  stop(): number {
    this.#stopped = true;
    return this.clear();
  }

  /** Cancels every pending job; answers how many there were. */
  clear(): number {
    const dropped = this.#live;
    for (const entry of this.#heap) entry.waiting = false;
    this.#heap.length = 0;
    this.#live = 0;
    this.#disarm();
    return dropped;
  }

  #runDue(upTo: number): void {
    for (;;) {
      const next = this.#peek();
      if (!next || next.dueAt > upTo) return;
      this.#pop();
      this.#live--;
      next.waiting = false;
      this.#start(next);
    }
  }

  #start(entry: Entry): void {
    let result: unknown;
    try {
      result = entry.job(entry.arg);
    } catch (error) {
      this.#onError(error);
      return;
    }
    if (result instanceof Promise) {
      this.#running++;
      result.then(this.#finished, this.#failed);
    }
  }

  readonly #finished = (): void => {
    if (--this.#running > 0) return;
    const waiting = this.#whenIdle;
    this.#whenIdle = [];
    for (const resolve of waiting) resolve();
  };

  readonly #failed = (error: unknown): void => {
    this.#finished();
    this.#onError(error);
  };

  #arm(): void {
    if (this.#stopped || this.clock.kind !== 'real') return;
    const next = this.#peek();
    if (!next) {
      this.#disarm();
      return;
    }
    if (this.#timer && this.#timerDueAt <= next.dueAt) return;
    this.#disarm();
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, next.dueAt - this.clock.now()));
    this.#timerDueAt = next.dueAt;
    this.#timer = setTimeout(() => this.#onTimer(), delay);
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerDueAt = Number.POSITIVE_INFINITY;
  }

  #onTimer(): void {
    this.#timer = undefined;
    this.#timerDueAt = Number.POSITIVE_INFINITY;
    this.#runDue(this.clock.now());
    this.#arm();
  }

  /** The earliest live entry, dropping cancelled ones from the top. */
  #peek(): Entry | undefined {
    while (this.#heap.length > 0 && this.#heap[0]?.waiting === false) this.#pop();
    return this.#heap[0];
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent] as Entry)) break;
      heap[i] = heap[parent] as Entry;
      i = parent;
    }
    heap[i] = entry;
  }

  #pop(): Entry | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && before(heap[right] as Entry, heap[left] as Entry) ? right : left;
      if (!before(heap[child] as Entry, last)) break;
      heap[i] = heap[child] as Entry;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

const before = (a: Entry, b: Entry): boolean =>
  a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
