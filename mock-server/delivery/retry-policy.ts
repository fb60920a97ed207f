import type { Random } from '../random.js';

/** Standard Webhooks' schedule after the first, immediate attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** The longest Retry-After the mock honours: one day. */
const MAX_RETRY_AFTER_MS = 86_400_000;

export interface RetryPolicy {
  /** Delay before each retry; its length is the number of retries. */
  schedule: readonly number[];
  /** 0..1: each delay is spread by up to this fraction either way. */
  jitter: number;
}

export interface AttemptResult {
  statusCode: number | null;
  /** Milliseconds the receiver asked for in Retry-After, if it did. */
  retryAfterMs: number | null;
}

export type NextStep =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'dead'; reason: string };

/** Only 200 and 202 acknowledge a callback (OS1, known). */
export const isAcknowledgement = (statusCode: number | null): boolean =>
  statusCode === 200 || statusCode === 202;

/** Decides what follows attempt number `attemptsMade` (1-based) given its result. */
export function nextStep(
  policy: RetryPolicy,
  attemptsMade: number,
  result: AttemptResult,
  random: Random,
): NextStep {
  if (isAcknowledgement(result.statusCode)) return { kind: 'delivered' };
  if (result.statusCode === 410) {
    return { kind: 'dead', reason: 'the receiver answered 410 Gone, which stops retries' };
  }
  const scheduled = policy.schedule[attemptsMade - 1];
  if (scheduled === undefined) {
    return {
      kind: 'dead',
      reason: `no acknowledgement after ${attemptsMade} attempt${attemptsMade === 1 ? '' : 's'}; the retry schedule is used up`,
    };
  }
  const spread = policy.jitter > 0 ? scheduled * policy.jitter * (random() * 2 - 1) : 0;
  const delayMs = Math.max(0, Math.round(scheduled + spread));
  const asked =
    result.retryAfterMs === null ? 0 : Math.min(result.retryAfterMs, MAX_RETRY_AFTER_MS);
  return { kind: 'retry', delayMs: Math.max(delayMs, asked) };
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from `nowMs`. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone would take
  // "-5" or "1.5" for dates too.
  if (!/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
