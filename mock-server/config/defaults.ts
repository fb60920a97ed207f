import { STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS } from '../delivery/retry-policy.js';
import {
  DEFAULT_CONTAINER_STATE_MACHINE,
  DEFAULT_PARTICIPANT_STATE_MACHINE,
} from '../domain/state-machine.js';
import type {
  DelayDistribution,
  EventType,
  MockConfig,
  ScenarioRule,
  StateMachineDefinition,
} from '../generated/contracts.js';
import type { SchemeName } from '../signing/schemes.js';

/** Every setting with a value: the config file and flags over these defaults. */
export interface ResolvedConfig {
  host: string;
  port: number;
  secret: string;
  clock: 'real' | 'virtual';
  seed: number;
  logLevel: NonNullable<MockConfig['logLevel']>;
  limits: { bodyBytes: number; jsonDepth: number };
  auth: { requireIssuedToken: boolean; tokenTtlSeconds: number };
  callbacks: {
    delay: DelayDistribution;
    requireHttps: boolean;
    timeoutMs: number;
    retrySchedule: number[];
    retryJitter: number;
    concurrency: number;
    scheme: SchemeName;
    eventTypeNames: Partial<Record<EventType, string>>;
    /** Finished delivery records kept for the admin API. */
    retainFinished: number;
    /** Callbacks waiting to be delivered before new requests with a callback get 503; 0: no limit. */
    maxPending: number;
  };
  hooks: {
    timeoutMs: number;
    concurrency: number;
    onMismatch: 'fail-sync' | 'fail-async';
  };
  stateMachines: { participant: StateMachineDefinition; container: StateMachineDefinition };
  /** Failure-simulation rules of the config itself. */
  scenarios: ScenarioRule[];
  /** Presets from fixtures/scenarios loaded after them. */
  scenarioPresets: string[];
  consistency: { lagMs: number };
  /** Objects (participants, containers, entities, batches) kept before the oldest go; 0: no limit. */
  store: { maxObjects: number };
}

/**
 * The server-wide secret when none is given. Public on purpose: the mock is for development, and
 * the README says to pass --secret for anything else.
 */
export const DEFAULT_SECRET = 'os1-mock-dev-secret';

export function defaultConfig(): ResolvedConfig {
  return {
    host: '127.0.0.1',
    port: 4010,
    secret: DEFAULT_SECRET,
    clock: 'real',
    seed: 1,
    logLevel: 'info',
    limits: { bodyBytes: 1_048_576, jsonDepth: 64 },
    auth: { requireIssuedToken: false, tokenTtlSeconds: 3600 },
    callbacks: {
      // [inferred] OS1 publishes no processing time; 100 ms keeps local loops quick.
      delay: { distribution: 'fixed', ms: 100 },
      requireHttps: false,
      timeoutMs: 10_000,
      retrySchedule: [...STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS],
      retryJitter: 0,
      concurrency: 64,
      scheme: 'os1',
      eventTypeNames: {},
      retainFinished: 10_000,
      // [inferred] OS1 publishes no such limit; the memory target is 100,000 pending within 250 MB.
      maxPending: 100_000,
    },
    hooks: {
      timeoutMs: 5000,
      concurrency: 64,
      // [inferred] a rejecting wait:true onRequest hook fails the request at once (4xx).
      onMismatch: 'fail-sync',
    },
    stateMachines: {
      participant: structuredClone(DEFAULT_PARTICIPANT_STATE_MACHINE),
      container: structuredClone(DEFAULT_CONTAINER_STATE_MACHINE),
    },
    scenarios: [],
    scenarioPresets: [],
    // [inferred] OS1 lists lag about 1 s; 0 keeps tests simple, set it to rehearse the lag.
    consistency: { lagMs: 0 },
    // [inferred] OS1 forgets nothing; a bound keeps long load tests from running out of heap.
    store: { maxObjects: 250_000 },
  };
}

/** Lays a validated config file (or flags in the same shape) over a resolved config. */
export function applyConfig(base: ResolvedConfig, overrides: MockConfig): ResolvedConfig {
  const {
    limits,
    auth,
    callbacks,
    hooks,
    stateMachines,
    consistency,
    store,
    $schema: _schema,
    ...top
  } = overrides;
  return {
    ...base,
    ...definedOnly(top),
    limits: { ...base.limits, ...definedOnly(limits ?? {}) },
    auth: { ...base.auth, ...definedOnly(auth ?? {}) },
    callbacks: { ...base.callbacks, ...definedOnly(callbacks ?? {}) },
    hooks: { ...base.hooks, ...definedOnly(hooks ?? {}) },
    stateMachines: { ...base.stateMachines, ...definedOnly(stateMachines ?? {}) },
    consistency: { ...base.consistency, ...definedOnly(consistency ?? {}) },
    store: { ...base.store, ...definedOnly(store ?? {}) },
  } as ResolvedConfig;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
