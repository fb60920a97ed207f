import type { StateMachineDefinition } from '../generated/contracts.js';

/**
 * Participants: the states OS1's vehicle app shows, E-022 and E-023 as seen there.
 * [inferred] E-024 for inactive → dead (no public source names that event).
 */
export const DEFAULT_PARTICIPANT_STATE_MACHINE: StateMachineDefinition = {
  initialState: 'onboarding:onboarding',
  states: [
    { name: 'onboarding:onboarding' },
    { name: 'active:active' },
    { name: 'inactive:inactive' },
    { name: 'inactive:dead' },
  ],
  transitions: [
    { from: 'onboarding:onboarding', event: 'E-022', to: 'active:active' },
    { from: 'active:active', event: 'E-023', to: 'inactive:inactive' },
    { from: 'inactive:inactive', event: 'E-024', to: 'inactive:dead' },
  ],
};

/**
 * Containers: [inferred] states named after OS1's reference app events (E-025 open, E-026 close,
 * E-027 complete, E-028 dead); a closed container can be reopened; any live one can die.
 */
export const DEFAULT_CONTAINER_STATE_MACHINE: StateMachineDefinition = {
  initialState: 'created',
  states: [
    { name: 'created' },
    { name: 'open' },
    { name: 'closed' },
    { name: 'completed' },
    { name: 'dead' },
  ],
  transitions: [
    { from: 'created', event: 'E-025', to: 'open' },
    { from: 'open', event: 'E-026', to: 'closed' },
    { from: 'closed', event: 'E-025', to: 'open' },
    { from: 'closed', event: 'E-027', to: 'completed' },
    { from: '*', event: 'E-028', to: 'dead' },
  ],
};

export type TransitionResult = { ok: true; to: string } | { ok: false; reason: string };

/** Where `event` takes an object in `state`, or why it cannot. `*` matches any other state. */
export function transition(
  machine: StateMachineDefinition,
  state: string,
  event: string,
): TransitionResult {
  const exact = machine.transitions.find((t) => t.from === state && t.event === event);
  const wildcard = machine.transitions.find(
    (t) => t.from === '*' && t.event === event && t.to !== state,
  );
  const match = exact ?? wildcard;
  if (match) return { ok: true, to: match.to };
  const allowed = machine.transitions
    .filter((t) => t.from === state || (t.from === '*' && t.to !== state))
    .map((t) => t.event);
  return {
    ok: false,
    reason:
      allowed.length === 0
        ? `event ${event} is not allowed in state ${state}: no event leaves this state`
        : `event ${event} is not allowed in state ${state}; allowed: ${[...new Set(allowed)].join(', ')}`,
  };
}

/** Problems that make a machine unusable, for the config and state-machine endpoints. */
export function checkStateMachine(machine: StateMachineDefinition): string[] {
  const names = new Set(machine.states.map((s) => s.name));
  const problems: string[] = [];
  if (!names.has(machine.initialState)) {
    problems.push(`initialState "${machine.initialState}" is not one of the states`);
  }
  machine.transitions.forEach((t, i) => {
    if (t.from !== '*' && !names.has(t.from)) {
      problems.push(`transitions[${i}].from "${t.from}" is not one of the states`);
    }
    if (!names.has(t.to)) problems.push(`transitions[${i}].to "${t.to}" is not one of the states`);
  });
  machine.states.forEach((state, i) => {
    const problem = ttlProblem(machine, state);
    if (problem) problems.push(`states[${i}] ("${state.name}") ${problem}`);
  });
  return problems;
}

/**
 * Why a state's TTL could never fire, or null: ttlMs and ttlEvent come together, and ttlEvent must
 * be an event that leaves the state (a transition from it, or from "*" to another state), since the
 * expiry applies that event.
 */
function ttlProblem(
  machine: StateMachineDefinition,
  state: StateMachineDefinition['states'][number],
): string | null {
  const { name, ttlMs, ttlEvent } = state;
  if (ttlMs === undefined && ttlEvent === undefined) return null;
  if (ttlEvent === undefined) {
    return `has ttlMs but no ttlEvent: add the ttlEvent to apply when the ${ttlMs} ms pass, or remove ttlMs`;
  }
  if (ttlMs === undefined) {
    return `has ttlEvent "${ttlEvent}" but no ttlMs: add ttlMs (how long the state lasts), or remove ttlEvent`;
  }
  const leaving = [
    ...new Set(
      machine.transitions
        .filter((t) => t.from === name || (t.from === '*' && t.to !== name))
        .map((t) => t.event),
    ),
  ];
  if (leaving.includes(ttlEvent)) return null;
  return leaving.length === 0
    ? `has ttlEvent "${ttlEvent}" but no transition leaves this state: add a transition from "${name}" on "${ttlEvent}", or remove ttlMs and ttlEvent`
    : `has ttlEvent "${ttlEvent}", which is not an event of a transition out of this state: use one of ${leaving.join(', ')}, or add a transition from "${name}" on "${ttlEvent}"`;
}
