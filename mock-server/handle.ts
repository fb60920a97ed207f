import type { MockCore } from './core.js';
import type { DeliveryFilter, WaitOptions } from './delivery/delivery-queue.js';
import type { DeliveryRecord } from './delivery/delivery-record.js';
import { isFinal } from './delivery/delivery-record.js';
import type { SchemeName } from './signing/schemes.js';

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
  return { core, deliveries, clock, secrets };
}
