import { describe, expect, it } from 'vitest';
import { SystemClock, VirtualClock } from '../../mock-server/clock.js';
import { Scheduler } from '../../mock-server/scheduler.js';

describe('Scheduler on a virtual clock', () => {
  it('runs jobs in due order, ties in the order they were scheduled, and moves time to each', async () => {
    const clock = new VirtualClock(1_000);
    const scheduler = new Scheduler(clock);
    const ran: Array<[string, number]> = [];
    for (const [name, at] of [
      ['c', 1_300],
      ['a', 1_100],
      ['b', 1_200],
      ['a2', 1_100],
    ] as const) {
      scheduler.at(at, () => ran.push([name, clock.now()]));
    }
    await scheduler.advance(250);
    expect(ran).toEqual([
      ['a', 1_100],
      ['a2', 1_100],
      ['b', 1_200],
    ]);
    expect(clock.now()).toBe(1_250);
    expect(scheduler.pending).toBe(1);
  });

  it('runs jobs that due jobs schedule within the same advance, and awaits their promises', async () => {
    const clock = new VirtualClock(0);
    const scheduler = new Scheduler(clock);
    const log: string[] = [];
    scheduler.at(10, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      log.push('first done');
      scheduler.after(50, () => log.push('retry at 60'));
    });
    await scheduler.advance(100);
    expect(log).toEqual(['first done', 'retry at 60']);
  });

  it('does not run cancelled jobs and does not count them as pending', async () => {
    const scheduler = new Scheduler(new VirtualClock(0));
    let ran = false;
    const job = scheduler.at(5, () => {
      ran = true;
    });
    job.cancel();
    job.cancel();
    expect(scheduler.pending).toBe(0);
    await scheduler.advance(10);
    expect(ran).toBe(false);
  });

  it('ignores cancel() once the job has run, so pending still counts the jobs that wait', async () => {
    const scheduler = new Scheduler(new VirtualClock(0));
    const done = scheduler.at(1, () => {});
    scheduler.at(10, () => {});
    await scheduler.advance(5);
    done.cancel();
    expect(scheduler.pending).toBe(1);
  });

  it('hands each job the argument it was scheduled with', async () => {
    const scheduler = new Scheduler(new VirtualClock(0));
    const seen: string[] = [];
    const record = (name: string) => seen.push(name);
    scheduler.at(2, record, 'second');
    scheduler.at(1, record, 'first');
    await scheduler.advance(2);
    expect(seen).toEqual(['first', 'second']);
  });

  it('settles only when the jobs a job started have finished too', async () => {
    const scheduler = new Scheduler(new VirtualClock(0));
    const log: string[] = [];
    scheduler.at(0, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      scheduler.at(0, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        log.push('inner done');
      });
      log.push('outer done');
    });
    await scheduler.advance(0);
    expect(log).toEqual(['outer done', 'inner done']);
    expect(scheduler.running).toBe(0);
  });

  it('reports a failing job to onError and keeps going', async () => {
    const errors: unknown[] = [];
    const scheduler = new Scheduler(new VirtualClock(0), (error) => errors.push(error));
    let after = false;
    scheduler.at(1, () => {
      throw new Error('boom');
    });
    scheduler.at(2, async () => {
      throw new Error('async boom');
    });
    scheduler.at(3, () => {
      after = true;
    });
    await scheduler.advance(5);
    expect(errors.map((error) => (error as Error).message)).toEqual(['boom', 'async boom']);
    expect(after).toBe(true);
  });

  it('runs 100,000 jobs in due order from one heap', async () => {
    const scheduler = new Scheduler(new VirtualClock(0));
    const seen: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const at = (i * 7919) % 100_000;
      scheduler.at(at, () => seen.push(at));
    }
    await scheduler.advance(100_000);
    expect(seen).toHaveLength(100_000);
    expect(seen.every((value, index) => index === 0 || (seen[index - 1] as number) <= value)).toBe(
      true,
    );
  });

  it('refuses to advance a real clock', async () => {
    await expect(new Scheduler(new SystemClock()).advance(1)).rejects.toThrow(/virtual clock/);
  });

  it('clear() drops pending jobs and answers how many there were', () => {
    const scheduler = new Scheduler(new VirtualClock(0));
    scheduler.at(1, () => {});
    scheduler.at(2, () => {});
    expect(scheduler.clear()).toBe(2);
    expect(scheduler.pending).toBe(0);
  });
});

describe('Scheduler on the system clock', () => {
  it('fires a due job from its single timer and can be stopped', async () => {
    const scheduler = new Scheduler(new SystemClock());
    const fired = new Promise<string>((resolve) => scheduler.after(0, () => resolve('fired')));
    expect(await fired).toBe('fired');
    scheduler.after(60_000, () => {});
    expect(scheduler.stop()).toBe(1);
  });
});
