import type { DeliveryFault, DeliveryFaults, FaultAttempts } from '../delivery/delivery-faults.js';
import type { OperationFaults } from '../domain/operations.js';
import type { ErrorName } from '../errors.js';
import { os1Error } from '../errors.js';
import type { ScenarioAction, ScenarioRule } from '../generated/contracts.js';
import type { SimulatedStatus } from './control-headers.js';
import { readControlHeaders } from './control-headers.js';
import type { RequestFacts } from './request-facts.js';
import type { ScenarioRegistry } from './scenario-registry.js';

/** What failure simulation does to one accepted request, when it does not fail it at once. */
export interface SimulatedRequest {
  /** Processing time instead of callbacks.delay. */
  delayMs?: number;
  /** For the operation: an injected failure and what to do to its callback. */
  faults?: OperationFaults;
}

const DEFAULT_HOLD_MS = 5_000;
const DEFAULT_TIMEOUT_HOLD_MS = 30_000;

const STATUS_ERRORS: Record<SimulatedStatus, ErrorName> = {
  400: 'SIMULATED_BAD_REQUEST',
  401: 'SIMULATED_UNAUTHORIZED',
  404: 'SIMULATED_NOT_FOUND',
  409: 'SIMULATED_CONFLICT',
  429: 'SIMULATED_TOO_MANY_REQUESTS',
  503: 'SIMULATED_UNAVAILABLE',
};

type ActionOf<T extends ScenarioAction['type']> = Extract<ScenarioAction, { type: T }>;

/**
 * Decides, once per accepted request, what failure simulation does to it: reads the X-OS1-Mock-*
 * headers (a bad value is a 400 naming the header), lets every matching rule draw, and combines
 * what fired. Throws the simulated error when the request must fail at once (X-OS1-Mock-Status or
 * a fail-sync rule). Headers win over rules; among rules, the first that fired of each kind wins.
 */
export function simulateRequest(registry: ScenarioRegistry, facts: RequestFacts): SimulatedRequest {
  const controls = readControlHeaders(facts.headers);
  const fired = registry.fire(facts);
  const first = <T extends ScenarioAction['type']>(...types: T[]) =>
    fired.find((rule) => (types as string[]).includes(rule.action.type)) as
      | (ScenarioRule & { action: ActionOf<T> })
      | undefined;

  if (controls.status !== undefined) {
    throw failNow(controls.status, 'X-OS1-Mock-Status asked for it', {
      header: 'X-OS1-Mock-Status',
    });
  }
  const failSync = first('fail-sync');
  if (failSync) {
    throw failNow(
      failSync.action.status,
      failSync.action.message ?? `scenario rule "${failSync.name}" (fail-sync) fired`,
      { rule: failSync.name },
    );
  }

  const notes: DeliveryFault[] = [];
  const result: SimulatedRequest = {};
  const operationFaults: OperationFaults = {};

  if (controls.outcome === 'failed') {
    const reason =
      controls.reason ??
      'the operation failed asynchronously (simulated: X-OS1-Mock-Outcome: failed)';
    operationFaults.fail = { reason, data: { id: facts.id } };
    notes.push(
      headerNote('fail-async', `failed without taking effect: "${reason}" (X-OS1-Mock-Outcome)`),
    );
  } else if (controls.outcome === undefined) {
    const failAsync = first('fail-async');
    if (failAsync) {
      const reason =
        failAsync.action.reason ??
        `the operation failed asynchronously (simulated by os1-mock rule "${failAsync.name}")`;
      operationFaults.fail = { reason, data: { id: facts.id } };
      if (failAsync.action.delayMs !== undefined) result.delayMs = failAsync.action.delayMs;
      notes.push(
        ruleNote(
          failAsync,
          `failed without taking effect: "${reason}"${failAsync.action.delayMs === undefined ? '' : ` after ${failAsync.action.delayMs} ms`}`,
        ),
      );
    }
  }
  if (controls.delayMs !== undefined) {
    result.delayMs = controls.delayMs;
    notes.push(
      headerNote(
        'processing-delay',
        `processing took ${controls.delayMs} ms (X-OS1-Mock-Delay-Ms)`,
      ),
    );
  }

  const delivery: DeliveryFaults = { notes };
  const drop = first('drop');
  if (drop) {
    delivery.drop = true;
    notes.push(ruleNote(drop, 'the callback was not sent'));
  } else {
    const duplicate = first('duplicate');
    if (duplicate) {
      delivery.copies = duplicate.action.times ?? 2;
      notes.push(ruleNote(duplicate, `sent ${delivery.copies} times`));
    }
    const outOfOrder = first('out-of-order');
    if (outOfOrder) {
      delivery.outOfOrderMaxHoldMs = outOfOrder.action.maxHoldMs ?? DEFAULT_HOLD_MS;
      notes.push(
        ruleNote(
          outOfOrder,
          `held back until the next callback to the same URL had been attempted (at most ${delivery.outOfOrderMaxHoldMs} ms)`,
        ),
      );
    }
    const slow = first('slow');
    if (slow) {
      delivery.slowMs = slow.action.delayMs;
      notes.push(ruleNote(slow, `sent ${slow.action.delayMs} ms after processing`));
    }
    const signature = first('bad-signature', 'no-signature', 'tampered-body');
    if (signature) {
      const attempts: FaultAttempts = signature.action.attempts ?? 'first';
      const what = {
        'bad-signature': 'signed with a wrong secret',
        'no-signature': 'sent without signature headers',
        'tampered-body': 'body changed after signing',
      }[signature.action.type];
      const note = ruleNote(signature, `${what}${scope(attempts)}`);
      notes.push(note);
      delivery.signature = { kind: signature.action.type, attempts, note: attemptNote(note) };
    }
    const connection = first('timeout', 'abort');
    if (connection) {
      const attempts: FaultAttempts = connection.action.attempts ?? 'first';
      const action = connection.action;
      const fault =
        action.type === 'timeout'
          ? { kind: 'timeout' as const, holdMs: action.holdMs ?? DEFAULT_TIMEOUT_HOLD_MS }
          : { kind: 'abort' as const, afterBytes: action.afterBytes ?? null };
      const what =
        fault.kind === 'timeout'
          ? `connection held open ${fault.holdMs} ms without finishing the body`
          : `connection cut after ${fault.afterBytes === null ? 'half the' : fault.afterBytes} body bytes`;
      const note = ruleNote(connection, `${what}${scope(attempts)}`);
      notes.push(note);
      delivery.connection = { fault, attempts, note: attemptNote(note) };
    }
  }
  if (notes.length > 0) operationFaults.delivery = delivery;
  if (operationFaults.fail || operationFaults.delivery) result.faults = operationFaults;
  return result;
}

function failNow(status: SimulatedStatus, why: string, info: Record<string, string>) {
  return os1Error(
    STATUS_ERRORS[status],
    `Simulated failure (${why}): the request was not accepted and no callback will be sent.`,
    { simulated: true, ...info },
  );
}

const ruleNote = (rule: ScenarioRule, detail: string): DeliveryFault => ({
  source: 'rule',
  rule: rule.name,
  action: rule.action.type,
  detail,
});

const headerNote = (action: DeliveryFault['action'], detail: string): DeliveryFault => ({
  source: 'header',
  rule: null,
  action,
  detail,
});

const scope = (attempts: FaultAttempts): string =>
  attempts === 'all' ? ' (every attempt)' : ' (first attempt)';

const attemptNote = (note: DeliveryFault): string =>
  `${note.detail.replace(/ \((first|every) attempt\)$/, '')} (scenario rule "${note.rule}")`;
