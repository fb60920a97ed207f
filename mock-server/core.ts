import containerTypeSeed from '../fixtures/seed/container-types.json' with { type: 'json' };
import participantTypeSeed from '../fixtures/seed/participant-types.json' with { type: 'json' };
import type { Clock } from './clock.js';
import { SystemClock, VirtualClock } from './clock.js';
import type { ResolvedConfig } from './config/defaults.js';
import { CallbackBacklog } from './delivery/callback-backlog.js';
import { DeliveryQueue } from './delivery/delivery-queue.js';
import { createHttpTransport } from './delivery/http-transport.js';
import { SigningSettings } from './delivery/signing-settings.js';
import type { Transport } from './delivery/transport.js';
import { OperationProcessor } from './domain/operations.js';
import type { SeedData } from './domain/store.js';
import { Store } from './domain/store.js';
import { TokenRegistry } from './domain/tokens.js';
import { TtlExpiry } from './domain/ttl-expiry.js';
import { HookCallLog } from './hooks/hook-call-log.js';
import { createHookClient } from './hooks/hook-client.js';
import { HookRunner } from './hooks/hook-runner.js';
import type { Random } from './random.js';
import { hashString, sampleDelay, seededRandom } from './random.js';
import { RequestLog } from './request-log.js';
import { configuredRules } from './scenarios/presets.js';
import { ScenarioRegistry } from './scenarios/scenario-registry.js';
import { Scheduler } from './scheduler.js';

export interface MockCoreOptions {
  config: ResolvedConfig;
  /** Where callbacks go; real HTTP by default. */
  transport?: Transport;
  /** A clock of your own; otherwise config.clock decides. */
  clock?: Clock;
  /** Called with errors no request can be blamed for (a bug in the mock). */
  onInternalError?: (error: unknown) => void;
}

/**
 * The fake OS1 without any HTTP server: store, scheduler, operations and deliveries wired together.
 * The Koa app, the CLI and the nock interceptor are adapters over this.
 */
export interface MockCore {
  readonly config: ResolvedConfig;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly store: Store;
  readonly operations: OperationProcessor;
  readonly deliveries: DeliveryQueue;
  readonly signing: SigningSettings;
  readonly tokens: TokenRegistry;
  /** The last API requests received, for GET /__admin/requests. */
  readonly requests: RequestLog;
  /** Calls OS1's onRequest / onError validation hooks. */
  readonly hooks: HookRunner;
  /** Every hook call, for GET /__admin/hook-calls and the log. */
  readonly hookCalls: HookCallLog;
  /** Failure-simulation rules (config scenarios and presets, /__admin/scenarios). */
  readonly scenarios: ScenarioRegistry;
  /** Callbacks not yet finished: waiting to be processed, scheduled or being retried. */
  pendingCallbacks(): number;
  /** Backpressure: whether a new request with a callback is accepted (callbacks.maxPending). */
  readonly backlog: CallbackBacklog;
  /**
   * Forgets all data, deliveries, tokens, tenant secrets, the request log, hook calls and the count
   * of requests refused for a full callback backlog.
   */
  reset(): void;
  /** Stops timers and closes connections; answers how many callbacks were still pending. */
  close(): number;
}

export const SEED: SeedData = {
  participantTypes: participantTypeSeed,
  containerTypes: containerTypeSeed,
};

export function createMockCore(options: MockCoreOptions): MockCore {
  const { config } = options;
  const clock =
    options.clock ?? (config.clock === 'virtual' ? new VirtualClock() : new SystemClock());
  const onInternalError = options.onInternalError ?? (() => {});
  const scheduler = new Scheduler(clock, onInternalError);
  const httpTransport = options.transport
    ? null
    : createHttpTransport(config.callbacks.concurrency);
  const transport = options.transport ?? (httpTransport as Transport);
  const stream = (name: string): Random => seededRandom(config.seed ^ hashString(name));
  const signing = new SigningSettings(clock, config.secret, config.callbacks.scheme);
  const deliveries = new DeliveryQueue({
    scheduler,
    transport,
    signing,
    retry: { schedule: config.callbacks.retrySchedule, jitter: config.callbacks.retryJitter },
    timeoutMs: config.callbacks.timeoutMs,
    concurrency: config.callbacks.concurrency,
    random: stream('retry-jitter'),
    retainFinished: config.callbacks.retainFinished,
  });
  const delayRandom = stream('processing-delay');
  const operations = new OperationProcessor({
    scheduler,
    deliveries,
    processingDelay: () => sampleDelay(config.callbacks.delay, delayRandom),
    eventTypeNames: config.callbacks.eventTypeNames,
  });
  const now = () => clock.now();
  const store = new Store(SEED, config.stateMachines.container, now, {
    lagMs: config.consistency.lagMs,
    maxObjects: config.store.maxObjects,
  });
  const scenarios = new ScenarioRegistry(config.seed, configuredRules(config));
  const ttl = new TtlExpiry({
    operations,
    store,
    scheduler,
    deliveries,
    eventTypeNames: config.callbacks.eventTypeNames,
  });
  const tokens = new TokenRegistry(now);
  const requests = new RequestLog();
  const hookClient = createHookClient({
    concurrency: config.hooks.concurrency,
    maxAnswerBytes: config.limits.bodyBytes,
  });
  const hookCalls = new HookCallLog();
  const hooks = new HookRunner({
    scheduler,
    client: hookClient,
    log: hookCalls,
    timeoutMs: config.hooks.timeoutMs,
    onMismatch: config.hooks.onMismatch,
  });

  const pendingCallbacks = () => operations.pendingCallbacks + deliveries.pendingCount;
  const backlog = new CallbackBacklog(config.callbacks.maxPending, pendingCallbacks);
  return {
    config,
    clock,
    scheduler,
    store,
    operations,
    deliveries,
    signing,
    tokens,
    requests,
    hooks,
    hookCalls,
    scenarios,
    pendingCallbacks,
    backlog,
    reset() {
      scheduler.clear();
      ttl.reset();
      scenarios.reset();
      operations.reset();
      deliveries.reset();
      store.reset();
      tokens.reset();
      signing.reset();
      requests.clear();
      hookCalls.clear();
      backlog.reset();
    },
    close() {
      const pending = pendingCallbacks();
      scheduler.stop();
      httpTransport?.close();
      hookClient.close();
      return pending;
    },
  };
}
