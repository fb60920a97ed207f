import { describe, expect, it } from 'vitest';
import {
  isAcknowledgement,
  nextStep,
  parseRetryAfter,
  type RetryPolicy,
  STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS,
} from '../../mock-server/delivery/retry-policy.js';
import { seededRandom } from '../../mock-server/random.js';

const policy: RetryPolicy = { schedule: [100, 150, 200], jitter: 0 };
const random = seededRandom(1);
const result = (statusCode: number | null, retryAfterMs: number | null = null) => ({
  statusCode,
  retryAfterMs,
});

describe('retry policy', () => {
  it("follows Standard Webhooks' schedule by default: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    expect(STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
  });

  it('acknowledges only 200 and 202', () => {
    expect([200, 202].map(isAcknowledgement)).toEqual([true, true]);
    expect([201, 204, 301, 304, 400, 500, null].map(isAcknowledgement)).toEqual(
      Array(7).fill(false),
    );
    expect(nextStep(policy, 1, result(202), random)).toEqual({ kind: 'delivered' });
  });

  it('retries any other answer or no answer after the delay of the attempt just made', () => {
    expect(nextStep(policy, 1, result(201), random)).toEqual({ kind: 'retry', delayMs: 100 });
    expect(nextStep(policy, 2, result(null), random)).toEqual({ kind: 'retry', delayMs: 150 });
    expect(nextStep(policy, 3, result(302), random)).toEqual({ kind: 'retry', delayMs: 200 });
  });

  it('gives up after the last entry of the schedule', () => {
    const step = nextStep(policy, 4, result(503), random);
    expect(step).toMatchObject({ kind: 'dead' });
    expect(step.kind === 'dead' && step.reason).toMatch(/after 4 attempts/);
    expect(nextStep({ schedule: [], jitter: 0 }, 1, result(500), random)).toMatchObject({
      kind: 'dead',
      reason: expect.stringMatching(/after 1 attempt;/),
    });
  });

  it('stops at once on 410 Gone, even with retries left', () => {
    expect(nextStep(policy, 1, result(410), random)).toMatchObject({
      kind: 'dead',
      reason: expect.stringMatching(/410/),
    });
  });

  it('waits for Retry-After when it asks for longer than the schedule, never shorter, at most a day', () => {
    expect(nextStep(policy, 1, result(503, 5_000), random)).toEqual({
      kind: 'retry',
      delayMs: 5_000,
    });
    expect(nextStep(policy, 1, result(503, 10), random)).toEqual({ kind: 'retry', delayMs: 100 });
    expect(nextStep(policy, 1, result(429, 10 * 86_400_000), random)).toEqual({
      kind: 'retry',
      delayMs: 86_400_000,
    });
  });

  it('spreads delays by at most the jitter fraction, repeatably for a seed', () => {
    const jittery: RetryPolicy = { schedule: [1_000], jitter: 0.5 };
    const delays = (seed: number) => {
      const seeded = seededRandom(seed);
      return Array.from({ length: 200 }, () => {
        const step = nextStep(jittery, 1, result(500), seeded);
        return step.kind === 'retry' ? step.delayMs : Number.NaN;
      });
    };
    const first = delays(7);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...first)).toBeLessThanOrEqual(1_500);
    expect(Math.min(...first)).toBeLessThan(700);
    expect(Math.max(...first)).toBeGreaterThan(1_300);
    expect(delays(7)).toEqual(first);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(0);
  });
});
