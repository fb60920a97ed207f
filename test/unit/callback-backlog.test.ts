import { describe, expect, it } from 'vitest';
import { CallbackBacklog } from '../../mock-server/delivery/callback-backlog.js';

/** A backlog over a pending count the test sets, recording what its listeners are told. */
function backlogOf(max: number) {
  const state = { pending: 0, reads: 0 };
  const backlog = new CallbackBacklog(max, () => {
    state.reads++;
    return state.pending;
  });
  const told: Array<[number, number]> = [];
  backlog.onFull((pending, limit) => told.push([pending, limit]));
  return { state, backlog, told };
}

describe('the callback backlog', () => {
  it('admits while fewer than max callbacks are pending and refuses from max on, counting refusals', () => {
    const { state, backlog } = backlogOf(3);
    state.pending = 2;
    expect(backlog.admits()).toBe(true);
    state.pending = 3;
    expect(backlog.admits()).toBe(false);
    state.pending = 7;
    expect(backlog.admits()).toBe(false);
    expect(backlog.refused).toBe(2);
    expect(backlog.pending).toBe(7);
  });

  it('tells its listeners once per run of refusals, again only after a request was admitted', () => {
    const { state, backlog, told } = backlogOf(2);
    state.pending = 2;
    backlog.admits();
    backlog.admits();
    state.pending = 5;
    backlog.admits();
    expect(told).toEqual([[2, 2]]);

    state.pending = 1;
    expect(backlog.admits()).toBe(true);
    state.pending = 2;
    backlog.admits();
    expect(told).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });

  it('never refuses with max 0, and does not even read the pending count', () => {
    const { state, backlog, told } = backlogOf(0);
    state.pending = 1_000_000_000;
    for (let n = 0; n < 10; n++) expect(backlog.admits()).toBe(true);
    expect(state.reads).toBe(0);
    expect(backlog.refused).toBe(0);
    expect(told).toEqual([]);
  });

  it('forgets its refusals on reset, and tells its listeners again at the next refusal', () => {
    const { state, backlog, told } = backlogOf(1);
    state.pending = 1;
    backlog.admits();
    backlog.reset();
    expect(backlog.refused).toBe(0);
    backlog.admits();
    expect(backlog.refused).toBe(1);
    expect(told).toHaveLength(2);
  });

  it('stops telling a listener once it unsubscribes', () => {
    const backlog = new CallbackBacklog(1, () => 1);
    const told: number[] = [];
    const stop = backlog.onFull((pending) => told.push(pending));
    stop();
    backlog.admits();
    expect(told).toEqual([]);
  });
});
