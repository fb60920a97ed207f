// os1-mock's public API. The CLI (`os1-mock serve`) is an adapter over the same pieces.

export * from '../contracts/receiver-suite/index.js';
export type { Clock } from './clock.js';
export { SystemClock, VirtualClock } from './clock.js';
export type { ResolvedConfig } from './config/defaults.js';
export { defaultConfig } from './config/defaults.js';
export { ConfigError, checkConfig, loadConfigFile } from './config/load-config.js';
export type { MockCore, MockCoreOptions } from './core.js';
export { createMockCore } from './core.js';
export type { DeliveryEvent, DeliveryFilter, WaitOptions } from './delivery/delivery-queue.js';
export type { DeliveryAttempt, DeliveryRecord, DeliveryState } from './delivery/delivery-record.js';
export type {
  InProcessAnswer,
  InProcessCallback,
  InProcessReceiver,
} from './delivery/in-process-transport.js';
export { STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS } from './delivery/retry-policy.js';
export type { OutgoingCallback, Transport, TransportResponse } from './delivery/transport.js';
export type { CallbackVerdict, ReceivedCallback } from './delivery/verify-callback.js';
export { ERRORS, Os1Error } from './errors.js';
export type * from './generated/contracts.js';
export type {
  ClockHandle,
  DeliveriesHandle,
  MockHandle,
  ScenariosHandle,
  SecretsHandle,
} from './handle.js';
export type { HookCallFilter, HookCallLog } from './hooks/hook-call-log.js';
export { HOOK_KINDS, HOOK_OUTCOMES } from './hooks/hook-call-log.js';
export type { LoggedRequest, RequestLogFilter } from './request-log.js';
export { PRESET_NAMES, SCENARIO_PRESETS } from './scenarios/presets.js';
export type { RequestFacts } from './scenarios/request-facts.js';
export type {
  LoadedRule,
  RuleOrigin,
  ScenarioRegistry,
  ScenarioView,
} from './scenarios/scenario-registry.js';
export type { MockServer, StartMockServerOptions } from './server.js';
export { startMockServer } from './server.js';
export { maskSecret } from './signing/hmac.js';
export type {
  SchemeName,
  SignatureScheme,
  SignInput,
  VerifyFailure,
  VerifyInput,
  VerifyResult,
} from './signing/schemes.js';
export { SCHEME_NAMES, SCHEMES } from './signing/schemes.js';
