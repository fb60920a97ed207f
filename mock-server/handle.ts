import type { MockCore } from './core.js';
import type { DeliveryFilter, WaitOptions } from './delivery/delivery-queue.js';
import type { DeliveryRecord } from './delivery/delivery-record.js';
import { isFinal } from './delivery/delivery-record.js';
import type { ScenarioRule } from './generated/contracts.js';
import { ruleProblem } from './scenarios/rule-match.js';
import type { ScenarioView } from './scenarios/scenario-registry.js';
import type { SchemeName } from './signing/schemes.js';
import { findProblem } from './validation/validator.js';

/** Callback deliveries, for tests: list them, await them, make sure none are left. */
export interface DeliveriesHandle {
  /** Every record still kept, oldest first. */
  all(): DeliveryRecord[];
  list(filter?: DeliveryFilter): DeliveryRecord[];
  get(id: string): DeliveryRecord | undefined;
  /**
   * Resolves with the first delivered (or dead) record that matches, or rejects after `timeoutMs`
   * of real time listing what finished instead. On a virtual clock, advance the clock first.
   */
  waitFor(
    predicate: (record: DeliveryRecord) => boolean,
    options?: WaitOptions,
  ): Promise<DeliveryRecord>;
  /** Callbacks not finished yet: waiting to be processed, scheduled, or being retried. */
  pendingCount(): number;
  /** Throws, naming each one, if any callback is still unfinished. */
  assertNoPendingDeliveries(): void;
}

export interface ClockHandle {
  readonly kind: 'real' | 'virtual';
  now(): number;
  /** Virtual clock only: moves time on and resolves after everything due has run. */
  advance(ms: number): Promise<void>;
}

/** Failure-simulation rules (contracts/schemas/scenario-rule.json), as /__admin/scenarios has them. */
export interface ScenariosHandle {
  /** Adds rules, all or none; throws naming the field of an invalid rule or a name already taken. */
  add(...rules: ScenarioRule[]): void;
  /** Every rule with how many requests it matched and how often it fired. */
  list(): ScenarioView[];
  remove(name: string): boolean;
  /** Removes every rule; answers how many there were. */
  clear(): number;
}

export interface SecretsHandle {
  /** Registers or rotates a tenant's secret; the old one stays valid for `graceMs`. */
  set(tenantId: string, secret: string, options?: { graceMs?: number; scheme?: SchemeName }): void;
  delete(tenantId: string): boolean;
}

/** What startMockServer and interceptOs1 hand back over the same core. */
export interface MockHandle {
  readonly core: MockCore;
  readonly deliveries: DeliveriesHandle;
  readonly clock: ClockHandle;
  readonly secrets: SecretsHandle;
  readonly scenarios: ScenariosHandle;
}

export function createHandle(core: MockCore): MockHandle {
  const deliveries: DeliveriesHandle = {
    all: () => core.deliveries.list(),
    list: (filter) => core.deliveries.list(filter),
    get: (id) => core.deliveries.get(id),
    waitFor: (predicate, options) => core.deliveries.waitFor(predicate, options),
    pendingCount: () => core.pendingCallbacks(),
    assertNoPendingDeliveries() {
      const unfinished = core.deliveries.list().filter((record) => !isFinal(record.state));
      const unprocessed = core.operations.pendingCallbacks;
      if (unfinished.length === 0 && unprocessed === 0) return;
      const lines = unfinished
        .slice(0, 20)
        .map(
          (record) =>
            `  - ${record.eventType} to ${record.url}: ${record.state}, next attempt due at ${new Date(record.dueAt).toISOString()}`,
        );
      throw new Error(
        [
          `${unfinished.length + unprocessed} callback(s) still pending:`,
          ...lines,
          ...(unprocessed > 0 ? [`  - ${unprocessed} accepted request(s) not processed yet`] : []),
          core.clock.kind === 'virtual'
            ? 'Advance the clock (clock.advance(ms)) to let them run.'
            : 'Wait for them with deliveries.waitFor(...).',
        ].join('\n'),
      );
    },
  };
  const clock: ClockHandle = {
    kind: core.clock.kind,
    now: () => core.clock.now(),
    advance: (ms) => core.scheduler.advance(ms),
  };
  const secrets: SecretsHandle = {
    set(tenantId, secret, options = {}) {
      core.signing.setTenantSecret(tenantId, secret, options.graceMs ?? 0);
      if (options.scheme) core.signing.setTenantScheme(tenantId, options.scheme);
    },
    delete: (tenantId) => core.signing.deleteTenantSecret(tenantId),
  };
  const scenarios: ScenariosHandle = {
    add(...rules) {
      rules.forEach((rule, index) => {
        const problem = findProblem('scenario-rule.json', rule) ?? ruleProblem(rule);
        if (problem) {
          throw new TypeError(
            `scenarios.add: rule ${index + 1} (${rule.name ?? 'unnamed'}): ${problem.field} ${problem.message}.`,
          );
        }
      });
      core.scenarios.add(rules, 'admin');
    },
    list: () => core.scenarios.list(),
    remove: (name) => core.scenarios.remove(name),
    clear: () => core.scenarios.clear(),
  };
  return { core, deliveries, clock, secrets, scenarios };
}
