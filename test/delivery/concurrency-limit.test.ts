import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../mock-server/delivery/concurrency-limit.js';

describe('the concurrency limit', () => {
  it('runs at most `limit` at once and starts the waiting ones in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    const started: number[] = [];
    const release: Array<() => void> = [];
    let active = 0;
    let mostActive = 0;
    const runs = Array.from({ length: 6 }, (_, i) =>
      limit.run(async () => {
        started.push(i);
        active++;
        mostActive = Math.max(mostActive, active);
        await new Promise<void>((resolve) => release.push(resolve));
        active--;
        return i;
      }),
    );
    for (let released = 0; released < 6; released++) {
      await new Promise((resolve) => setImmediate(resolve));
      expect(active).toBeLessThanOrEqual(2);
      release.shift()?.();
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(mostActive).toBe(2);
  });

  it('frees its slot when the work throws', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('keeps a long queue in order', async () => {
    const limit = new ConcurrencyLimit(3);
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20_000 }, (_, i) =>
        limit.run(async () => {
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
  });
});
