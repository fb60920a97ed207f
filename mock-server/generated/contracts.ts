/* eslint-disable */
// Generated from contracts/schemas by scripts/generate-types.mjs. Do not edit:
// change the schema, then run `npm run generate:types`.

/**
 * Inferred vocabulary, renameable with the eventTypeNames config key.
 */
export type EventType =
  | 'participant-type.created'
  | 'participant-type.attributes-updated'
  | 'participant.created'
  | 'participant.updated'
  | 'participant.state-changed'
  | 'participant.batch-completed'
  | 'container-type.created'
  | 'container-type.attributes-updated'
  | 'container-type.state-machine-updated'
  | 'container.created'
  | 'container.updated'
  | 'container.containerized'
  | 'container.decontainerized'
  | 'container.state-changed'
  | 'container.ttl-expired'
  | 'container.batch-completed'
  | 'entity.created'
  | 'entity.updated';
export type Os1Service = 'Participant' | 'Container' | 'Entity';
/**
 * scheduled → delivering → delivered, or → retrying → delivering … → dead; dropped when failure simulation kept it from being sent.
 */
export type DeliveryState =
  'scheduled' | 'delivering' | 'delivered' | 'retrying' | 'dead' | 'dropped';
export type ScenarioActionType =
  | 'fail-async'
  | 'fail-sync'
  | 'drop'
  | 'duplicate'
  | 'out-of-order'
  | 'bad-signature'
  | 'no-signature'
  | 'tampered-body'
  | 'slow'
  | 'timeout'
  | 'abort';
export type HookKind = 'onRequest' | 'onError';
/**
 * pending until the hook answers; passed when its status is acceptable; mismatch when it is not; timeout or unreachable when no status came.
 */
export type HookCallOutcome = 'pending' | 'passed' | 'mismatch' | 'timeout' | 'unreachable';
/**
 * Where OS1 posts the outcome: an object {url, meta} or, as some OS1 pages show, a bare URL string.
 */
export type CallbackTarget =
  | CallbackUrl
  | {
      url: CallbackUrl;
      /**
       * Anything; echoed unchanged in the callback.
       */
      meta?:
        | {
            [k: string]: unknown;
          }
        | unknown[]
        | string
        | number
        | boolean
        | null;
    };
/**
 * Absolute http(s) URL that receives the callback.
 */
export type CallbackUrl = string;
/**
 * How long OS1 takes to process an accepted request before the callback is sent.
 */
export type DelayDistribution = (
  | {
      distribution: 'fixed';
      ms: number;
    }
  | {
      distribution: 'uniform';
      minMs: number;
      maxMs: number;
    }
  | {
      distribution: 'lognormal';
      medianMs: number;
      sigma: number;
      maxMs?: number;
    }
) & {
  distribution: 'fixed' | 'uniform' | 'lognormal';
  [k: string]: unknown;
};
/**
 * The kind of asynchronous request: create, update, state-event, containerize, decontainerize, batch, create-type (participant or container type), attributes (type attributes), state-machine (container type machine).
 */
export type ScenarioOperation =
  | 'create'
  | 'update'
  | 'state-event'
  | 'containerize'
  | 'decontainerize'
  | 'batch'
  | 'create-type'
  | 'attributes'
  | 'state-machine';
export type ScenarioAction = (
  | FailAsyncAction
  | FailSyncAction
  | DropAction
  | DuplicateAction
  | OutOfOrderAction
  | BadSignatureAction
  | NoSignatureAction
  | TamperedBodyAction
  | SlowAction
  | TimeoutAction
  | AbortAction
) & {
  type: ScenarioActionType;
  [k: string]: unknown;
};

/**
 * Every contract by its title (an index type; use the named types).
 */
export interface Contracts {
  AdminClockAdvance?: AdminClockAdvance;
  DeliveryRecord?: DeliveryRecord;
  HookCallRecord?: HookCallRecord;
  AdminTenantSecret?: AdminTenantSecret;
  AdminVerifyRequest?: AdminVerifyRequest;
  AttributesConfigRequest?: AttributesConfigRequest;
  AuthTokenRequest?: AuthTokenRequest;
  CallbackPayload?: CallbackPayload;
  'Common definitions'?: CommonDefinitions;
  MockConfig?: MockConfig;
  ContainerBatchRequest?: ContainerBatchRequest;
  ContainerCreateRequest?: ContainerCreateRequest;
  ContainerTypeCreateRequest?: ContainerTypeCreateRequest;
  ContainerType?: ContainerType;
  ContainerUpdateRequest?: ContainerUpdateRequest;
  Container?: Container;
  ContainerizeRequest?: ContainerizeRequest;
  EntityCreateRequest?: EntityCreateRequest;
  EntityQuery?: EntityQuery;
  EntityUpdateRequest?: EntityUpdateRequest;
  Entity?: Entity;
  ParticipantBatchRequest?: ParticipantBatchRequest;
  ParticipantCreateRequest?: ParticipantCreateRequest;
  ParticipantTypeCreateRequest?: ParticipantTypeCreateRequest;
  ParticipantType?: ParticipantType;
  ParticipantUpdateRequest?: ParticipantUpdateRequest;
  Participant?: Participant;
  ScenarioPreset?: ScenarioPreset;
  ScenarioRule?: ScenarioRule;
  StateEventRequest?: StateEventRequest;
  StateMachineConfigRequest?: StateMachineConfigRequest;
  TypeHooks?: TypeHooks2;
}
/**
 * POST /__admin/clock/advance (virtual clock only): moves time forward, running every callback attempt and retry that falls due on the way.
 */
export interface AdminClockAdvance {
  /**
   * How far to move, in milliseconds (at most 30 days).
   */
  ms: number;
}
/**
 * One scheduled callback and everything that happened to it, as GET /__admin/deliveries/{id} shows it. Nothing secret is in it: signature headers are shown, the secrets that made them are not.
 */
export interface DeliveryRecord {
  id: string;
  /**
   * The payload's eventId: the same on every attempt and every redelivery.
   */
  eventId: string;
  eventType: EventType;
  service: Os1Service;
  tenantId: string;
  /**
   * X-COREOS-REQUEST-ID of the request that caused it; null for events nobody asked for.
   */
  requestId: string | null;
  /**
   * Callbacks with the same key are delivered in order: a later one waits while an earlier one is unfinished.
   */
  objectKey: string;
  url: string;
  payload: CallbackPayload;
  /**
   * The exact bytes sent (the signature covers these).
   */
  body: string;
  state: DeliveryState;
  /**
   * Epoch ms on the mock's clock.
   */
  createdAt: number;
  /**
   * When the next (or the last) attempt is due, epoch ms on the mock's clock.
   */
  dueAt: number;
  deliveredAt: number | null;
  /**
   * Why it is dead, when it is.
   */
  deadReason: string | null;
  attempts: DeliveryAttempt[];
  /**
   * How many times it was redelivered by hand.
   */
  redeliveries: number;
  /**
   * What failure simulation did to this callback and which scenario rule (or X-OS1-Mock-* header) did it. Absent when nothing was injected.
   */
  faults?: DeliveryFault[];
}
/**
 * The body os1-mock POSTs to a callback URL. Field names eventId, eventType, service, requestId and timestamp are inferred (OS1 documents only that the update carries the event type, the service and the data).
 */
export interface CallbackPayload {
  /**
   * Unique per event; the de-duplication key. The same on every retry and redelivery.
   */
  eventId: string;
  eventType: EventType;
  service: Os1Service;
  tenantId: string;
  /**
   * X-COREOS-REQUEST-ID of the request that caused the event (absent for events nobody asked for, such as TTL expiry).
   */
  requestId?: string;
  /**
   * When the event happened, epoch milliseconds.
   */
  timestamp: number;
  status: 'success' | 'failed';
  /**
   * Why it failed; present exactly when status is failed.
   */
  reason?: string;
  containerType?: string;
  participantType?: string;
  entityType?: string;
  data: {
    id: string;
    [k: string]: unknown;
  };
  /**
   * callback.meta of the request, echoed unchanged.
   */
  meta?:
    | {
        [k: string]: unknown;
      }
    | unknown[]
    | string
    | number
    | boolean
    | null;
  [k: string]: unknown;
}
export interface DeliveryAttempt {
  /**
   * 1 for the first attempt.
   */
  number: number;
  /**
   * When it was due, epoch ms on the mock's clock.
   */
  dueAt: number;
  /**
   * When it started, epoch ms on the mock's clock.
   */
  startedAt: number;
  /**
   * Wall-clock time the receiver took.
   */
  latencyMs: number;
  statusCode: number | null;
  /**
   * Why no status code came back (timeout, connection refused, ...).
   */
  error: string | null;
  /**
   * What the mock made of it: only 200 and 202 acknowledge; 410 stops retries.
   */
  outcome: 'acknowledged' | 'rejected' | 'gone' | 'timeout' | 'network-error';
  /**
   * The signature headers sent with this attempt.
   */
  signatureHeaders: {
    [k: string]: string;
  };
  /**
   * The start of the receiver's answer (at most 2 KiB).
   */
  responseBody: string;
  /**
   * What failure simulation did to this attempt (a wrong signature, a cut connection, ...), when it did something.
   */
  fault?: string;
  /**
   * The bytes actually sent, when failure simulation sent other bytes than the signed body.
   */
  sentBody?: string;
}
/**
 * One thing failure simulation did to the request or its callback.
 */
export interface DeliveryFault {
  /**
   * rule: a scenario rule fired; header: the request asked for it with an X-OS1-Mock-* header.
   */
  source: 'rule' | 'header';
  /**
   * The name of the rule that fired; null when a header asked for it.
   */
  rule: string | null;
  /**
   * The scenario action, or processing-delay for X-OS1-Mock-Delay-Ms.
   */
  action: ScenarioActionType | 'processing-delay';
  /**
   * What it did, in words.
   */
  detail: string;
}
/**
 * One call to an onRequest or onError validation hook, as GET /__admin/hook-calls shows it. Secrets are masked: the X-COREOS-ACCESS, Authorization, Proxy-Authorization and X-COREOS-CALLBACK-SECRET headers by name, the caller's token wherever {{token}} put it into another header, and the password in the URL.
 */
export interface HookCallRecord {
  id: string;
  tenantId: string;
  /**
   * X-COREOS-REQUEST-ID of the request the hook was called for.
   */
  requestId: string;
  kind: HookKind;
  /**
   * The hook's methodName, or the one the operation implies (create:OnRequest, update:OnError, apply_event:OnRequest, ...).
   */
  methodName: string;
  service: Os1Service;
  /**
   * The object the request is about.
   */
  objectId: string;
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  /**
   * Whether the request waited for the answer (onRequest with wait: true).
   */
  wait: boolean;
  /**
   * The headers sent, templates filled in; the access token masked.
   */
  requestHeaders: {
    [k: string]: string;
  };
  /**
   * The exact body sent; null for GET.
   */
  requestBody: string | null;
  /**
   * Epoch ms on the mock's clock.
   */
  startedAt: number;
  /**
   * Wall-clock time the hook took; null while pending.
   */
  latencyMs: number | null;
  statusCode: number | null;
  /**
   * The start of the hook's answer (at most 2 KiB); null when none came.
   */
  responseBody: string | null;
  outcome: HookCallOutcome;
  /**
   * What the call did to the request: none, rewrote (fields replaced by the hook's data), rejected (the request failed at once) or failed-async (202, then a failed callback).
   */
  effect: 'none' | 'rewrote' | 'rejected' | 'failed-async';
  /**
   * Top-level fields of the request the hook's data replaced.
   */
  rewrittenFields: string[];
  /**
   * Why the call did not pass (timeout, connection refused, status mismatch, invalid data).
   */
  error: string | null;
}
/**
 * PUT /__admin/tenants/{tid}/secret: registers or rotates the secret that signs a tenant's callbacks (a request's X-COREOS-CALLBACK-SECRET still wins).
 */
export interface AdminTenantSecret {
  /**
   * 1 to 1024 printable ASCII characters without spaces. For standard-webhooks, whsec_<base64> is decoded; anything else is used as its bytes.
   */
  secret: string;
  /**
   * On rotation, how long the previous secret stays valid, ms (at most 30 days). Schemes that carry several signatures send both meanwhile. Default 0.
   */
  graceMs?: number;
  /**
   * Signature scheme for this tenant's callbacks; omitted keeps the tenant's current one (the server's by default).
   */
  scheme?: 'os1' | 'os1-legacy-sha256' | 'standard-webhooks' | 'github';
}
/**
 * POST /__admin/verify: a received callback, to check that this mock signed it.
 */
export interface AdminVerifyRequest {
  /**
   * The raw body exactly as received, as a string (not re-serialised JSON).
   */
  body: string;
  /**
   * The received headers; names in any case. Only the scheme's signature headers and X-COREOS-TID are read.
   */
  headers: {
    [k: string]: string;
  };
  /**
   * Whose secrets to verify with. Default: X-COREOS-TID of the headers, else the body's tenantId; the server secret when the tenant has none.
   */
  tenantId?: string;
  /**
   * Default: the tenant's scheme, else the server's.
   */
  scheme?: 'os1' | 'os1-legacy-sha256' | 'standard-webhooks' | 'github';
}
export interface AttributesConfigRequest {
  /**
   * @minItems 1
   * @maxItems 500
   */
  attributes: [AttributeDefinition, ...AttributeDefinition[]];
  callback?: CallbackTarget;
  [k: string]: unknown;
}
export interface AttributeDefinition {
  name: string;
  dataType: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'date' | 'geo';
  indexed?: boolean;
  defaultValue?: unknown;
  validation?: {
    [k: string]: unknown;
  };
  [k: string]: unknown;
}
export interface AuthTokenRequest {
  clientId: string;
  clientSecret: string;
  audience?: string;
  [k: string]: unknown;
}
export interface CommonDefinitions {
  [k: string]: unknown;
}
/**
 * os1-mock's config file (--config FILE). Every CLI flag has a key here; flags win over the file.
 */
export interface MockConfig {
  $schema?: string;
  /**
   * Interface to bind. Default 127.0.0.1.
   */
  host?: string;
  /**
   * Port to listen on; 0 picks a free one. Default 4010.
   */
  port?: number;
  /**
   * Server-wide signing secret, used when neither the request nor the tenant has one: 1 to 1024 printable ASCII characters without spaces, as --secret and tenant secrets.
   */
  secret?: string;
  /**
   * real, or virtual (time moves only when told).
   */
  clock?: 'real' | 'virtual';
  /**
   * Seed for every random choice (delays, probabilities), so runs repeat.
   */
  seed?: number;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  limits?: {
    /**
     * Largest request body accepted; larger gets 413. Default 1048576.
     */
    bodyBytes?: number;
    /**
     * Deepest JSON nesting accepted; deeper gets 400. Default 64.
     */
    jsonDepth?: number;
  };
  auth?: {
    /**
     * Only accept X-COREOS-ACCESS tokens issued by the token endpoint. Default false (any non-empty token).
     */
    requireIssuedToken?: boolean;
    tokenTtlSeconds?: number;
  };
  callbacks?: {
    delay?: DelayDistribution;
    /**
     * Reject http:// callback URLs as OS1 would. Default false, so local receivers work.
     */
    requireHttps?: boolean;
    /**
     * How long a receiver has to answer one attempt. Default 10000.
     */
    timeoutMs?: number;
    /**
     * Delay before each retry, in milliseconds; its length is the number of retries. Default: Standard Webhooks' schedule.
     *
     * @maxItems 100
     */
    retrySchedule?: number[];
    /**
     * Spread each retry delay by up to this fraction, either way. Default 0.
     */
    retryJitter?: number;
    /**
     * Most callback attempts in flight at once. Default 64.
     */
    concurrency?: number;
    /**
     * Signature scheme. Default os1.
     */
    scheme?: 'os1' | 'os1-legacy-sha256' | 'standard-webhooks' | 'github';
    /**
     * Most callbacks waiting to be delivered (accepted requests not yet processed that will send one, plus deliveries not yet delivered or dead). At the limit a new request with a callback is answered 503 CALLBACK_BACKLOG_FULL with Retry-After: 1 and nothing is stored, so an overload slows the caller down instead of growing memory without bound; requests without a callback are still accepted. 0: no limit. Default 100000 (inferred).
     */
    maxPending?: number;
    /**
     * Finished deliveries (delivered, dead or dropped) kept for GET /__admin/deliveries and the test kit. Once 10% (plus 10) more than this have finished, the oldest finished ones are forgotten down to it, so memory stays bounded under load; unfinished deliveries are always kept. Default 10000.
     */
    retainFinished?: number;
    /**
     * Rename event types, e.g. {"container.created": "CONTAINER_CREATED"}.
     */
    eventTypeNames?: {
      [k: string]: string;
    };
  };
  /**
   * Calls to onRequest / onError validation hooks.
   */
  hooks?: {
    /**
     * How long a hook has to answer; one that does not (or cannot be reached) counts as a status mismatch. Default 5000.
     */
    timeoutMs?: number;
    /**
     * Most hook calls in flight at once. Default 64.
     */
    concurrency?: number;
    /**
     * How a wait:true onRequest hook with raiseErrorOnStatusMismatch fails the request when its status is outside acceptableStatusCodes: fail-sync answers 4xx at once (default, inferred); fail-async answers 202, then a failed callback carries the reason.
     */
    onMismatch?: 'fail-sync' | 'fail-async';
  };
  stateMachines?: {
    participant?: StateMachineDefinition;
    container?: StateMachineDefinition;
  };
  /**
   * Failure-simulation rules (contracts/schemas/scenario-rule.json), also editable at /__admin/scenarios.
   *
   * @maxItems 200
   */
  scenarios?: ScenarioRule[];
  /**
   * Presets from fixtures/scenarios to load, by name (--scenario NAME, repeatable).
   *
   * @maxItems 50
   */
  scenarioPresets?: string[];
  store?: {
    /**
     * Most participants, containers, entities and batches kept in memory, across tenants; creating one more forgets the oldest (GET on it answers 404), so long load tests cannot run the mock out of memory. 0: no limit. Default 250000 (inferred).
     */
    maxObjects?: number;
  };
  consistency?: {
    /**
     * How long GET and list requests keep showing the previous state of a processed change (creates stay invisible, updates show the previous version). Default 0.
     */
    lagMs?: number;
  };
}
export interface StateMachineDefinition {
  initialState: string;
  /**
   * @minItems 1
   */
  states: [
    {
      name: string;
      ttlMs?: number;
      ttlEvent?: string;
    },
    ...{
      name: string;
      ttlMs?: number;
      ttlEvent?: string;
    }[]
  ];
  transitions: {
    from: string;
    event: string;
    to: string;
  }[];
}
/**
 * A failure-simulation rule: which accepted (202) requests it matches, how often it fires, and what it does to the request or to its callback. The same shape in the config file (scenarios), in POST /__admin/scenarios and in the presets of fixtures/scenarios.
 */
export interface ScenarioRule {
  /**
   * Unique among the rules; part of the seeded draw. A colon is reserved for rules loaded from a preset (preset:rule).
   */
  name: string;
  description?: string;
  match?: ScenarioMatch;
  /**
   * Chance that a matching request is hit, 0 to 1. Default 1. Drawn from hash(seed, name, index of the request among those this rule matched).
   */
  probability?: number;
  action: ScenarioAction;
}
/**
 * Every condition given must hold; an empty or absent match takes every accepted request.
 */
export interface ScenarioMatch {
  service?: Os1Service | [Os1Service, ...Os1Service[]];
  operation?: ScenarioOperation | [ScenarioOperation, ...ScenarioOperation[]];
  /**
   * X-COREOS-TID, exactly.
   */
  tenant?: string;
  /**
   * The participant type (plural), container type or entity type (plural) of the request.
   */
  type?: string;
  /**
   * Conditions on the request body; all must hold.
   *
   * @maxItems 50
   */
  body?: ScenarioBodyCondition[];
  /**
   * Request headers that must have exactly these values (names are case-insensitive).
   */
  headers?: {
    [k: string]: string;
  };
}
/**
 * A path into the body and exactly one test.
 */
export interface ScenarioBodyCondition {
  /**
   * Dotted path, optionally starting with $. ("$.callback.meta.order" or "items.0.id").
   */
  path: string;
  /**
   * The value there equals this JSON value.
   */
  equals?:
    | {
        [k: string]: unknown;
      }
    | unknown[]
    | string
    | number
    | boolean
    | null;
  /**
   * The value there is absent or differs from this JSON value.
   */
  notEquals?:
    | {
        [k: string]: unknown;
      }
    | unknown[]
    | string
    | number
    | boolean
    | null;
  /**
   * true: the path is present; false: it is absent.
   */
  exists?: boolean;
  /**
   * The value there is one of these.
   *
   * @minItems 1
   * @maxItems 100
   */
  in?: [unknown, ...unknown[]];
  /**
   * The value there is a string matching this regular expression.
   */
  matches?: string;
}
/**
 * Answer 202, then fail: the operation does not take effect and the callback says failed.
 */
export interface FailAsyncAction {
  type: 'fail-async';
  reason?: string;
  /**
   * Processing time before the failure, instead of callbacks.delay.
   */
  delayMs?: number;
}
/**
 * Fail at once with OS1's error envelope and this status; nothing is accepted, no callback.
 */
export interface FailSyncAction {
  type: 'fail-sync';
  status: 400 | 401 | 404 | 409 | 429 | 503;
  message?: string;
}
/**
 * Process the request but send no callback (the delivery record says it was dropped).
 */
export interface DropAction {
  type: 'drop';
}
/**
 * Deliver the callback `times` times in all, with the same eventId each time.
 */
export interface DuplicateAction {
  type: 'duplicate';
  times?: number;
}
/**
 * Hold the callback until the next callback to the same URL has been attempted, then send it; send it anyway after maxHoldMs (mock clock, default 5000).
 */
export interface OutOfOrderAction {
  type: 'out-of-order';
  maxHoldMs?: number;
}
/**
 * Sign the callback with a wrong secret.
 */
export interface BadSignatureAction {
  type: 'bad-signature';
  /**
   * Which delivery attempts the fault hits: the first only (retries then go through cleanly) or all of them. Default first.
   */
  attempts?: 'first' | 'all';
}
/**
 * Send the callback without signature headers.
 */
export interface NoSignatureAction {
  type: 'no-signature';
  /**
   * Which delivery attempts the fault hits: the first only (retries then go through cleanly) or all of them. Default first.
   */
  attempts?: 'first' | 'all';
}
/**
 * Sign the real body, then send a changed one (status flipped), as a man in the middle would.
 */
export interface TamperedBodyAction {
  type: 'tampered-body';
  /**
   * Which delivery attempts the fault hits: the first only (retries then go through cleanly) or all of them. Default first.
   */
  attempts?: 'first' | 'all';
}
/**
 * Wait delayMs (mock clock) after processing before sending the callback.
 */
export interface SlowAction {
  type: 'slow';
  delayMs: number;
}
/**
 * Send the headers and part of the body, then hold the connection open for holdMs of real time (default 30000) without finishing it, and give up.
 */
export interface TimeoutAction {
  type: 'timeout';
  holdMs?: number;
  /**
   * Which delivery attempts the fault hits: the first only (retries then go through cleanly) or all of them. Default first.
   */
  attempts?: 'first' | 'all';
}
/**
 * Send the headers and the first afterBytes of the body (default half), then destroy the connection.
 */
export interface AbortAction {
  type: 'abort';
  afterBytes?: number;
  /**
   * Which delivery attempts the fault hits: the first only (retries then go through cleanly) or all of them. Default first.
   */
  attempts?: 'first' | 'all';
}
export interface ContainerBatchRequest {
  /**
   * @minItems 1
   * @maxItems 1024
   */
  payload: [
    {
      [k: string]: unknown;
    },
    ...{
      [k: string]: unknown;
    }[]
  ];
  callback?: CallbackTarget;
  [k: string]: unknown;
}
export interface ContainerCreateRequest {
  /**
   * @maxItems 50
   */
  trackingDetails?: {
    operator: string;
    trackingId: string;
    isPrimary?: boolean;
    [k: string]: unknown;
  }[];
  attributes?: {
    [k: string]: unknown;
  };
  /**
   * @maxItems 10000
   */
  items?: unknown[];
  isHazmat?: boolean;
  isContainerizable?: boolean;
  isReusable?: boolean;
  scannableId?: string;
  refID?: string;
  callback?: CallbackTarget;
  onRequest?: ValidationHook;
  onError?: ValidationHook;
  [k: string]: unknown;
}
/**
 * OS1 custom validation plugin (onRequest / onError).
 */
export interface ValidationHook {
  url: CallbackUrl;
  requestHeader?: {
    [k: string]: string;
  };
  requestBody?: unknown;
  method?: 'GET' | 'POST' | 'PUT';
  wait?: boolean;
  /**
   * @maxItems 50
   */
  acceptableStatusCodes?: number[];
  raiseErrorOnStatusMismatch?: boolean;
  methodName?:
    | 'create:OnRequest'
    | 'create:OnError'
    | 'update:OnRequest'
    | 'update:OnError'
    | 'apply_event:OnRequest'
    | 'apply_event:OnError';
}
export interface ContainerTypeCreateRequest {
  /**
   * Letters only, 3 to 16 of them.
   */
  name: string;
  isLeaf?: boolean;
  /**
   * @maxItems 100
   */
  allowedParent?: string[];
  hooks?: TypeHooks;
  callback?: CallbackTarget;
  [k: string]: unknown;
}
/**
 * Validation hooks pre-configured on a participant, container or entity type: the body of PUT /participant-types/{plural}/config/hooks, PUT /container-types/{name}/config/hooks and PUT /__admin/tenants/{tid}/entity-types/{appId}/{plural}/hooks (each replaces the type's hooks; {} removes them), and `hooks` on type creation. They apply to the type's creates, updates and state events; a hook with a methodName applies only to that operation (an onRequest with methodName create:OnRequest runs on creates only). A hook in the request overrides the type's.
 */
export interface TypeHooks {
  onRequest?: ValidationHook;
  onError?: ValidationHook;
}
export interface ContainerType {
  name: string;
  isLeaf: boolean;
  allowedParent: string[];
  attributes: AttributeDefinition[];
  stateMachine: StateMachineDefinition;
  createdAt: number;
  updatedAt: number;
}
export interface ContainerUpdateRequest {
  /**
   * @maxItems 50
   */
  trackingDetails?: {
    operator: string;
    trackingId: string;
    isPrimary?: boolean;
    [k: string]: unknown;
  }[];
  attributes?: {
    [k: string]: unknown;
  };
  /**
   * @maxItems 10000
   */
  items?: unknown[];
  isHazmat?: boolean;
  isContainerizable?: boolean;
  isReusable?: boolean;
  scannableId?: string;
  callback?: CallbackTarget;
  onRequest?: ValidationHook;
  onError?: ValidationHook;
  [k: string]: unknown;
}
export interface Container {
  id: string;
  containerType: string;
  state: string;
  trackingDetails: {
    operator: string;
    trackingId: string;
    isPrimary?: boolean;
    [k: string]: unknown;
  }[];
  attributes: {
    [k: string]: unknown;
  };
  items: unknown[];
  isHazmat?: boolean;
  isContainerizable?: boolean;
  isReusable?: boolean;
  scannableId?: string;
  parentId: string | null;
  childContainerIDs: string[];
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  updatedBy: string;
}
export interface ContainerizeRequest {
  parentId: string;
  action: 'CONTAINERIZE' | 'DECONTAINERIZE';
  callback?: CallbackTarget;
  [k: string]: unknown;
}
export interface EntityCreateRequest {
  uniqueCode: string;
  name?: string;
  owner: string;
  category?: string;
  subCategory?: string;
  properties: ObjectProperties;
  templateId?: string;
  state?: string;
  callback?: CallbackTarget;
  onRequest?: ValidationHook;
  onError?: ValidationHook;
  [k: string]: unknown;
}
export interface ObjectProperties {
  [k: string]: unknown;
}
/**
 * The JSON `query` parameter of an entity list: conditions joined by and/or, nestable.
 */
export interface EntityQuery {
  op: 'and' | 'or';
  /**
   * @maxItems 50
   */
  arr: (EntityQueryCondition | EntityQuery)[];
}
export interface EntityQueryCondition {
  key: string;
  value?: unknown;
  expr: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'contains' | 'exists';
}
export interface EntityUpdateRequest {
  properties: ObjectProperties;
  name?: string;
  owner?: string;
  category?: string;
  subCategory?: string;
  state?: string;
  callback?: CallbackTarget;
  onRequest?: ValidationHook;
  onError?: ValidationHook;
  [k: string]: unknown;
}
export interface Entity {
  id: string;
  appId: string;
  entityType: string;
  uniqueCode: string;
  name?: string;
  owner: string;
  category?: string;
  subCategory?: string;
  properties: {
    [k: string]: unknown;
  };
  templateId?: string;
  state?: string;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  updatedBy: string;
}
export interface ParticipantBatchRequest {
  /**
   * @minItems 1
   * @maxItems 1024
   */
  payload: [
    {
      [k: string]: unknown;
    },
    ...{
      [k: string]: unknown;
    }[]
  ];
  callback?: CallbackTarget;
  [k: string]: unknown;
}
export interface ParticipantCreateRequest {
  uniqueCode: string;
  name?: string;
  owner: string;
  category?: string;
  subCategory?: string;
  properties: ObjectProperties;
  refID?: string;
  callback?: CallbackTarget;
  onRequest?: ValidationHook;
  onError?: ValidationHook;
  [k: string]: unknown;
}
export interface ParticipantTypeCreateRequest {
  name: {
    singular: string;
    plural: string;
  };
  alias?: string;
  category?: string;
  /**
   * @maxItems 100
   */
  allowedOwner?: string[];
  entityCode?: string;
  hooks?: TypeHooks1;
  callback?: CallbackTarget;
  [k: string]: unknown;
}
/**
 * Validation hooks pre-configured on a participant, container or entity type: the body of PUT /participant-types/{plural}/config/hooks, PUT /container-types/{name}/config/hooks and PUT /__admin/tenants/{tid}/entity-types/{appId}/{plural}/hooks (each replaces the type's hooks; {} removes them), and `hooks` on type creation. They apply to the type's creates, updates and state events; a hook with a methodName applies only to that operation (an onRequest with methodName create:OnRequest runs on creates only). A hook in the request overrides the type's.
 */
export interface TypeHooks1 {
  onRequest?: ValidationHook;
  onError?: ValidationHook;
}
export interface ParticipantType {
  name: {
    singular: string;
    plural: string;
  };
  alias?: string;
  category?: string;
  allowedOwner?: string[];
  entityCode?: string;
  attributes: AttributeDefinition[];
  createdAt: number;
  updatedAt: number;
}
export interface ParticipantUpdateRequest {
  properties: ObjectProperties;
  name?: string;
  owner?: string;
  callback?: CallbackTarget;
  onRequest?: ValidationHook;
  onError?: ValidationHook;
  [k: string]: unknown;
}
export interface Participant {
  id: string;
  uniqueCode: string;
  name?: string;
  owner: string;
  participantType: string;
  category?: string;
  subCategory?: string;
  properties: {
    [k: string]: unknown;
  };
  /**
   * state:subState, e.g. onboarding:onboarding
   */
  state: string;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  updatedBy: string;
}
/**
 * A named set of scenario rules in fixtures/scenarios/<name>.json, loaded with --scenario <name> (config key scenarioPresets). Its rules are named <preset>:<rule> once loaded.
 */
export interface ScenarioPreset {
  $schema?: string;
  /**
   * The file name without .json.
   */
  name: string;
  description: string;
  /**
   * @minItems 1
   * @maxItems 50
   */
  rules: [ScenarioRule, ...ScenarioRule[]];
}
/**
 * A state event for a participant or a container (containers also take propagate).
 */
export interface StateEventRequest {
  eventCode: string;
  reasonCode?: string;
  timestamp?: number;
  propagate?: boolean;
  data?: {
    [k: string]: unknown;
  };
  source?: EventSource;
  callback?: CallbackTarget;
  onRequest?: ValidationHook;
  onError?: ValidationHook;
  [k: string]: unknown;
}
export interface EventSource {
  appId?: string;
  userId?: string;
  [k: string]: unknown;
}
/**
 * A container type's state machine (the mock's own format: OS1's is not public).
 */
export interface StateMachineConfigRequest {
  initialState: string;
  /**
   * @minItems 1
   * @maxItems 200
   */
  states: [
    {
      name: string;
      /**
       * After this long in the state, OS1 applies ttlEvent on its own and notifies.
       */
      ttlMs?: number;
      ttlEvent?: string;
    },
    ...{
      name: string;
      /**
       * After this long in the state, OS1 applies ttlEvent on its own and notifies.
       */
      ttlMs?: number;
      ttlEvent?: string;
    }[]
  ];
  /**
   * @maxItems 1000
   */
  transitions: {
    from: string;
    event: string;
    to: string;
  }[];
  callback?: CallbackTarget;
  [k: string]: unknown;
}
/**
 * Validation hooks pre-configured on a participant, container or entity type: the body of PUT /participant-types/{plural}/config/hooks, PUT /container-types/{name}/config/hooks and PUT /__admin/tenants/{tid}/entity-types/{appId}/{plural}/hooks (each replaces the type's hooks; {} removes them), and `hooks` on type creation. They apply to the type's creates, updates and state events; a hook with a methodName applies only to that operation (an onRequest with methodName create:OnRequest runs on creates only). A hook in the request overrides the type's.
 */
export interface TypeHooks2 {
  onRequest?: ValidationHook;
  onError?: ValidationHook;
}
