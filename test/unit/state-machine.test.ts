import { describe, expect, it } from 'vitest';
import {
  checkStateMachine,
  DEFAULT_CONTAINER_STATE_MACHINE,
  DEFAULT_PARTICIPANT_STATE_MACHINE,
  transition,
} from '../../mock-server/domain/state-machine.js';

describe('transition', () => {
  it('walks a participant from onboarding to dead', () => {
    let state = DEFAULT_PARTICIPANT_STATE_MACHINE.initialState;
    for (const event of ['E-022', 'E-023', 'E-024']) {
      const result = transition(DEFAULT_PARTICIPANT_STATE_MACHINE, state, event);
      if (!result.ok) throw new Error(result.reason);
      state = result.to;
    }
    expect(state).toBe('inactive:dead');
  });

  it('refuses an event the state does not allow and names the allowed ones', () => {
    expect(transition(DEFAULT_PARTICIPANT_STATE_MACHINE, 'onboarding:onboarding', 'E-023')).toEqual(
      {
        ok: false,
        reason: 'event E-023 is not allowed in state onboarding:onboarding; allowed: E-022',
      },
    );
  });

  it('applies a wildcard transition from any other state, but not to the same state', () => {
    expect(transition(DEFAULT_CONTAINER_STATE_MACHINE, 'open', 'E-028')).toEqual({
      ok: true,
      to: 'dead',
    });
    expect(transition(DEFAULT_CONTAINER_STATE_MACHINE, 'dead', 'E-028')).toMatchObject({
      ok: false,
    });
  });

  it('says when no event leaves a state', () => {
    expect(transition(DEFAULT_PARTICIPANT_STATE_MACHINE, 'inactive:dead', 'E-022')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no event leaves this state'),
    });
  });
});

describe('checkStateMachine', () => {
  it('accepts the defaults', () => {
    expect(checkStateMachine(DEFAULT_CONTAINER_STATE_MACHINE)).toEqual([]);
    expect(checkStateMachine(DEFAULT_PARTICIPANT_STATE_MACHINE)).toEqual([]);
  });

  it('names an unknown initial state and transition ends', () => {
    expect(
      checkStateMachine({
        initialState: 'nowhere',
        states: [{ name: 'a' }],
        transitions: [{ from: 'b', event: 'E', to: 'c' }],
      }),
    ).toEqual([
      'initialState "nowhere" is not one of the states',
      'transitions[0].from "b" is not one of the states',
      'transitions[0].to "c" is not one of the states',
    ]);
  });
});
