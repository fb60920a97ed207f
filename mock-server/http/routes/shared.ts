import type { MockCore } from '../../core.js';
import type {
  AsyncOperation,
  CallbackTarget,
  OperationFaults,
  Outcome,
} from '../../domain/operations.js';
import { matchesQuery, queryProblem, readPath } from '../../domain/query.js';
import type { Os1Error } from '../../errors.js';
import { os1Error } from '../../errors.js';
import type {
  CallbackTarget as CallbackTargetField,
  EntityQuery,
  Os1Service,
  TypeHooks,
  ValidationHook,
} from '../../generated/contracts.js';
import type { OperationKind } from '../../hooks/hook-definition.js';
import { assertUsableHooks, resolveHook } from '../../hooks/hook-definition.js';
import type { HookedCall, OnRequestVerdict } from '../../hooks/hook-runner.js';
import type { OwnAddress } from '../../hooks/outbound-url.js';
import { assertDeliverableUrl } from '../../hooks/outbound-url.js';
import { requestFacts } from '../../scenarios/request-facts.js';
import { simulateRequest } from '../../scenarios/simulate-request.js';
import type { SchemaId } from '../../validation/schemas.js';
import { ALL_SCHEMAS } from '../../validation/schemas.js';
import { assertValid, findProblem } from '../../validation/validator.js';
import type { AppContext, Os1RequestInfo } from '../context.js';
import { respondAccepted } from '../envelope.js';

/** The caller's OS1 headers; the header check guarantees them on /core/api routes. */
export function callerOf(ctx: AppContext): Os1RequestInfo {
  const info = ctx.state.os1;
  if (!info) throw new Error(`route ${ctx.path} is mounted outside the OS1 header check`);
  return info;
}

/** The request body, validated against a contract schema. */
export function validBody<T>(ctx: AppContext, schema: SchemaId): T {
  const body = ctx.state.body;
  if (body === undefined) {
    throw os1Error(
      'VALIDATION_FAILED',
      'Invalid request body: body is required (send a JSON object).',
      {
        field: 'body',
        rule: 'required',
        schema,
      },
    );
  }
  assertValid<T>(schema, body);
  return body;
}

/**
 * Normalises `callback` (object or bare URL), applies the https rule and refuses a URL no callback
 * could reach (no host, port 0) or this mock's own admin API.
 */
export function callbackTargetOf(
  field: CallbackTargetField | undefined,
  requireHttps: boolean,
  ownAddress: () => OwnAddress | null,
): CallbackTarget | null {
  if (field === undefined) return null;
  const target: CallbackTarget =
    typeof field === 'string'
      ? { url: field }
      : {
          url: field.url,
          ...('meta' in field && field.meta !== undefined ? { meta: { value: field.meta } } : {}),
        };
  const name = typeof field === 'string' ? 'callback' : 'callback.url';
  if (requireHttps && !target.url.startsWith('https:')) {
    throw os1Error(
      'VALIDATION_FAILED',
      'Invalid request body: callback.url must use https (callbacks.requireHttps is on).',
      { field: name, rule: 'https' },
    );
  }
  assertDeliverableUrl(target.url, name, ownAddress);
  return target;
}

/**
 * The port and host names this request reached the mock on (null without a socket, as in a test
 * that calls the app directly): what a callback or hook URL must not point at under /__admin.
 */
export function ownAddressOf(ctx: AppContext): OwnAddress | null {
  const socket = ctx.req.socket as AppContext['req']['socket'] | undefined;
  const port = socket?.localPort;
  if (port === undefined) return null;
  const hosts = [ctx.hostname, socket?.localAddress].filter(
    (name): name is string => typeof name === 'string' && name !== '',
  );
  return { port, hosts };
}

/**
 * Refuses a request that would schedule a callback while callbacks.maxPending are already waiting
 * (backpressure, docs/decisions/0011): 503 CALLBACK_BACKLOG_FULL with Retry-After, before anything
 * is stored, scheduled, simulated or hooked. A request without a callback is never refused: its
 * operation waits only for its processing delay, not for a receiver, so a slow receiver cannot pile
 * them up.
 */
function assertRoomForCallback(core: MockCore, target: CallbackTarget | null): void {
  if (target === null || core.backlog.admits()) return;
  const { pending, max } = core.backlog;
  throw os1Error(
    'CALLBACK_BACKLOG_FULL',
    `${pending} callbacks are waiting to be delivered (callbacks.maxPending is ${max}), so this request was not accepted and nothing was stored. Slow down and send it again after Retry-After, make the receiver answer faster, or raise --max-pending (0 for no limit).`,
    { pendingCallbacks: pending, maxPending: max },
  );
}

/**
 * What a create, update or state event adds to its operation: the request OS1's onRequest and
 * onError hooks see, and the type's pre-configured hooks (a hook in the request overrides them).
 */
export interface HookedRequest<T> {
  /** The validated request body. */
  body: T;
  /** Its schema: the onRequest hook's data is laid over the body and checked against it again. */
  schema: SchemaId;
  operation: OperationKind;
  typeHooks: TypeHooks | undefined;
}

export type OperationSpec<T = undefined> = Omit<
  AsyncOperation,
  'tenantId' | 'requestId' | 'callback' | 'requestSecret' | 'process' | 'onFailure'
> & {
  callback: CallbackTargetField | undefined;
  /** Set on creates, updates and state events, which OS1's validation hooks run around. */
  hooked?: HookedRequest<T>;
  /**
   * Does the work when the operation falls due. `payload` is the request body as the onRequest
   * hook left it (undefined when the request is not hooked).
   */
  process(now: number, payload: T): Outcome;
};

/**
 * Schedules the work and answers 202 with the object's id; a hooked request first goes through
 * its onRequest hook, which can rewrite its payload or fail it (at once, or by a failed callback).
 * The usual request, with nothing that could change how it is accepted, is accepted at once,
 * synchronously (undefined is returned, not a promise). Either way a request with a callback is
 * refused first (503) while the callback backlog is full.
 */
export function acceptOperation<T = undefined>(
  ctx: AppContext,
  core: MockCore,
  id: string,
  spec: OperationSpec<T>,
): Promise<void> | undefined {
  if (hasHook(spec.hooked) || isSimulated(ctx, core)) {
    return acceptHookedOrSimulated(ctx, core, id, spec);
  }
  acceptPlain(ctx, core, id, spec);
  return undefined;
}

/** Whether an onRequest or onError hook applies: the request's own, else its type's. */
function hasHook<T>(hooked: HookedRequest<T> | undefined): boolean {
  if (!hooked) return false;
  const body = hooked.body as HookFields;
  const { typeHooks, operation } = hooked;
  return (
    resolveHook(body.onRequest, typeHooks, 'onRequest', operation) !== undefined ||
    resolveHook(body.onError, typeHooks, 'onError', operation) !== undefined
  );
}

/**
 * Whether failure simulation could act on the request: a scenario rule, or an X-OS1-Mock-* header
 * (which the header step has already looked for).
 */
const isSimulated = (ctx: AppContext, core: MockCore): boolean =>
  core.scenarios.size > 0 || ctx.state.controlHeaders === true;

/**
 * A request without hooks and without failure simulation, accepted as the general path would
 * accept it (no delay or faults from simulation, the body as the payload of a hooked operation)
 * without building the inputs of either.
 */
function acceptPlain<T>(ctx: AppContext, core: MockCore, id: string, spec: OperationSpec<T>): void {
  const caller = callerOf(ctx);
  const { callback, hooked, process, ...passedOn } = spec;
  const target = callbackTargetOf(callback, core.config.callbacks.requireHttps, () =>
    ownAddressOf(ctx),
  );
  assertRoomForCallback(core, target);
  const payload = (hooked ? hooked.body : undefined) as T;
  core.operations.accept(
    {
      tenantId: caller.tenantId,
      requestId: caller.requestId,
      callback: target,
      requestSecret: caller.callbackSecret,
      process: (now) => process(now, payload),
      // Spread last on purpose: V8 builds `{ ...object, newField }` on a slow path, about a
      // microsecond per request here, and `{ fields, ...object }` in a tenth of that.
      ...passedOn,
    },
    undefined,
  );
  respondAccepted(ctx, id);
}

/** The general path: failure simulation decides first, then the onRequest hook runs (awaited). */
async function acceptHookedOrSimulated<T>(
  ctx: AppContext,
  core: MockCore,
  id: string,
  spec: OperationSpec<T>,
): Promise<void> {
  const caller = callerOf(ctx);
  const { callback, hooked, process, ...rest } = spec;
  const target = callbackTargetOf(callback, core.config.callbacks.requireHttps, () =>
    ownAddressOf(ctx),
  );
  // Checked once, before the hook runs: requests awaiting their onRequest hook can each still add
  // one callback past the limit, a few at most (one per open connection).
  assertRoomForCallback(core, target);
  // Failure simulation (scenario rules, X-OS1-Mock-* headers); throws when it fails the request now.
  const simulated = simulateRequest(
    core.scenarios,
    requestFacts({
      tenantId: caller.tenantId,
      body: ctx.state.body,
      headers: ctx.headers,
      id,
      ...rest, // last, as in acceptPlain
    }),
  );
  const step: HookStep<T> = hooked
    ? await runOnRequestHook(core, caller, id, rest.service, hooked, () => ownAddressOf(ctx))
    : { kind: 'proceed', payload: undefined as T };
  if (step.kind === 'fail-sync') {
    await step.onFailure?.({ reason: step.reason, data: { id } });
    throw step.error;
  }
  core.operations.accept(
    {
      tenantId: caller.tenantId,
      requestId: caller.requestId,
      callback: target,
      requestSecret: caller.callbackSecret,
      process: (now) => process(now, step.kind === 'proceed' ? step.payload : (undefined as T)),
      ...rest, // after the named fields, as in acceptPlain
      ...(step.onFailure ? { onFailure: step.onFailure } : {}),
      ...faultsOf(
        simulated.faults,
        step.kind === 'fail-async' ? { reason: step.reason, data: { id } } : undefined,
      ),
    },
    simulated.delayMs,
  );
  respondAccepted(ctx, id);
}

/**
 * Simulated faults plus the onRequest hook's asynchronous rejection, if any, as the failure (an
 * injected failure decided first keeps precedence, as before).
 */
function faultsOf(
  simulated: OperationFaults | undefined,
  hookRejection: OperationFaults['fail'],
): { faults?: OperationFaults } {
  if (!hookRejection) return simulated ? { faults: simulated } : {};
  return { faults: { ...simulated, fail: simulated?.fail ?? hookRejection } };
}

type FailureHandler = NonNullable<AsyncOperation['onFailure']>;

/** The hook fields of a hooked request's body. */
type HookFields = Record<string, unknown> & {
  onRequest?: ValidationHook;
  onError?: ValidationHook;
};

/** The onRequest hook's verdict, with the onError hook to call if the operation fails. */
type HookStep<T> = { onFailure?: FailureHandler } & (
  | { kind: 'proceed'; payload: T }
  | { kind: 'fail-sync'; reason: string; error: Os1Error }
  | { kind: 'fail-async'; reason: string }
);

/**
 * The onRequest step of a hooked request: picks the request's hooks (else the type's), checks
 * them, calls onRequest, and readies onError for when the operation fails.
 */
async function runOnRequestHook<T>(
  core: MockCore,
  caller: Os1RequestInfo,
  id: string,
  service: Os1Service,
  hooked: HookedRequest<T>,
  ownAddress: () => OwnAddress | null,
): Promise<HookStep<T>> {
  const body = hooked.body as HookFields;
  assertUsableHooks(body, core.config.callbacks.requireHttps, '', ownAddress);
  const onRequest = resolveHook(body.onRequest, hooked.typeHooks, 'onRequest', hooked.operation);
  const onError = resolveHook(body.onError, hooked.typeHooks, 'onError', hooked.operation);
  const call: HookedCall = {
    tenantId: caller.tenantId,
    requestId: caller.requestId,
    accessToken: caller.accessToken,
    service,
    objectId: id,
    operation: hooked.operation,
  };
  const verdict: OnRequestVerdict = onRequest
    ? await core.hooks.onRequest(call, onRequest, body, hooked.schema)
    : { kind: 'proceed', payload: body };
  const onFailure: FailureHandler | undefined = onError
    ? (failure) =>
        core.hooks.onError(call, onError, {
          ...failure,
          payload: verdict.kind === 'proceed' ? verdict.payload : body,
        })
    : undefined;
  const withHandler = onFailure ? { onFailure } : {};
  return verdict.kind === 'proceed'
    ? { ...withHandler, kind: 'proceed', payload: verdict.payload as T }
    : { ...withHandler, ...verdict };
}

export interface ListParams {
  limit: number;
  offset: number;
  sortKey: string | null;
  descending: boolean;
  select: string[] | null;
  query: EntityQuery | null;
}

const MAX_LIMIT = 1000;

/** The list parameters OS1 documents; each may be given once. */
type ListParameter = 'limit' | 'offset' | 'select' | 'query' | 'sortBy' | 'sortKey';

const refuseParam = (parameter: string, message: string, extra: Record<string, unknown> = {}) =>
  os1Error('INVALID_QUERY', `Query parameter ${message}`, { parameter, ...extra });

/** A list parameter's text (undefined when absent); given twice, it is refused. */
function paramText(ctx: AppContext, name: ListParameter): string | undefined {
  const raw = ctx.query[name];
  if (Array.isArray(raw)) {
    throw refuseParam(name, `${name} is given ${raw.length} times; give it once.`);
  }
  return raw;
}

function integerParam(ctx: AppContext, name: ListParameter, fallback: number, max: number): number {
  const text = paramText(ctx, name);
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) > max) {
    throw refuseParam(name, `${name} must be a whole number from 0 to ${max}.`);
  }
  return Number(text);
}

function stringParam(ctx: AppContext, name: ListParameter): string | null {
  const text = paramText(ctx, name);
  return text === undefined || text === '' ? null : text;
}

/** The fields a listed object has, from its contract schema: what sortKey and select can name. */
export interface ListedObject {
  /** Its contract schema, e.g. container.json. */
  schema: SchemaId;
  /** What to call one in messages, e.g. "container". */
  noun: string;
}

interface ObjectFields {
  /** Every top-level field. */
  all: string[];
  /** Fields holding an object or array, whose insides a dotted path (attributes.color) can name. */
  nested: Set<string>;
}

const fieldsBySchema = new Map<SchemaId, ObjectFields>();

function fieldsOf(schema: SchemaId): ObjectFields {
  let fields = fieldsBySchema.get(schema);
  if (!fields) {
    const found = ALL_SCHEMAS.find((candidate) => candidate.$id === schema) as
      | { properties?: Record<string, { type?: string | string[] }> }
      | undefined;
    const properties = Object.entries(found?.properties ?? {});
    const scalar = ['string', 'integer', 'number', 'boolean', 'null'];
    fields = {
      all: properties.map(([name]) => name),
      nested: new Set(
        properties
          .filter(([, property]) => {
            const types = [property.type ?? []].flat();
            return types.length === 0 || types.some((type) => !scalar.includes(type));
          })
          .map(([name]) => name),
      ),
    };
    fieldsBySchema.set(schema, fields);
  }
  return fields;
}

/** Whether `path` names a field of the object, or a path inside one that holds an object. */
function isFieldPath(path: string, fields: ObjectFields): boolean {
  const [head = '', ...rest] = path.split('.');
  if (!fields.all.includes(head)) return false;
  return rest.length === 0 || (fields.nested.has(head) && rest.every((part) => part !== ''));
}

const fieldHint = (fields: ObjectFields): string => {
  const nested = [...fields.nested].map((name) => `${name}.<name>`);
  return `one of ${fields.all.join(', ')}${nested.length > 0 ? `, or a path inside one such as ${nested.join(', ')}` : ''}`;
};

/** "a container", "an entity". */
const withArticle = (noun: string): string => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

const isDirection = (value: string | null): value is string =>
  value !== null && /^(asc|desc)$/i.test(value);

/**
 * The sort field and direction. OS1 names sortBy and sortKey without saying which is which, so
 * either may name the field, with asc or desc in the other; the field must be one the listed object
 * has (a path inside attributes or properties included).
 */
function sortParams(
  ctx: AppContext,
  listed: ListedObject,
): { sortKey: string | null; descending: boolean } {
  const sortBy = stringParam(ctx, 'sortBy');
  const sortKey = stringParam(ctx, 'sortKey');
  if (sortBy === null && sortKey === null) return { sortKey: null, descending: false };
  const fields = fieldsOf(listed.schema);
  const usage = 'Send sortKey=<field> and sortBy=asc or desc';
  if (isDirection(sortBy) && isDirection(sortKey)) {
    throw refuseParam(
      'sortKey',
      `sortKey "${sortKey}" and sortBy "${sortBy}" are both directions, so nothing names the field to sort by. ${usage}; the field is ${fieldHint(fields)}.`,
      { accepted: fields.all },
    );
  }
  const direction = isDirection(sortBy) ? sortBy : isDirection(sortKey) ? sortKey : null;
  if (sortBy !== null && sortKey !== null && direction === null) {
    throw refuseParam(
      'sortBy',
      `sortBy "${sortBy}" must be asc or desc when sortKey names the field ("${sortKey}"). ${usage}.`,
      { accepted: ['asc', 'desc'] },
    );
  }
  const name: ListParameter = direction === sortBy ? 'sortKey' : 'sortBy';
  const field = direction === sortBy ? sortKey : sortBy;
  if (field === null) {
    throw refuseParam(
      name,
      `${name} is missing: ${direction === sortBy ? 'sortBy' : 'sortKey'} "${direction}" gives a direction but no field to sort by. ${usage}; the field is ${fieldHint(fields)}.`,
      { accepted: fields.all },
    );
  }
  if (!isFieldPath(field, fields)) {
    throw refuseParam(
      name,
      `${name} "${field}" is not asc or desc, nor a field of ${withArticle(listed.noun)}. ${usage}; the field is ${fieldHint(fields)}.`,
      { accepted: fields.all },
    );
  }
  return { sortKey: field, descending: direction?.toLowerCase() === 'desc' };
}

/** The fields select keeps: a comma-separated list of the listed object's top-level fields. */
function selectParam(ctx: AppContext, listed: ListedObject): string[] | null {
  const select = stringParam(ctx, 'select');
  if (select === null) return null;
  const fields = fieldsOf(listed.schema);
  const names = select
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !fields.all.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw refuseParam(
      'select',
      `select ${names.length === 0 ? 'names no field' : `names ${unknown.map((name) => `"${name}"`).join(', ')}, not ${unknown.length === 1 ? 'a field' : 'fields'} of ${withArticle(listed.noun)}`}. Send a comma-separated list of ${fields.all.join(', ')}.`,
      { accepted: fields.all },
    );
  }
  return names;
}

/** limit, offset, sortBy/sortKey, select and the JSON query of a list of `listed` objects. */
export function listParams(ctx: AppContext, listed: ListedObject): ListParams {
  return {
    limit: integerParam(ctx, 'limit', 20, MAX_LIMIT),
    offset: integerParam(ctx, 'offset', 0, 1_000_000_000),
    ...sortParams(ctx, listed),
    select: selectParam(ctx, listed),
    query: parseQuery(stringParam(ctx, 'query')),
  };
}

const QUERY_EXAMPLE = '{"op":"and","arr":[{"key":"name","value":"x","expr":"eq"}]}';

function parseQuery(text: string | null): EntityQuery | null {
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refuseParam('query', `query must be JSON such as ${QUERY_EXAMPLE}.`);
  }
  // Told node by node first, so an unexpected key is named as such; the schema stays the backstop.
  const problem =
    queryProblem(parsed) ??
    (() => {
      const found = findProblem('entity-query.json', parsed);
      if (!found) return null;
      return {
        field: found.field === 'body' ? 'query' : `query.${found.field}`,
        message: found.message,
        rule: found.rule,
      };
    })();
  if (problem) {
    throw refuseParam(
      'query',
      `query is not a valid query: ${problem.field} ${problem.message}. Send JSON such as ${QUERY_EXAMPLE}.`,
      { field: problem.field, rule: problem.rule },
    );
  }
  return parsed as EntityQuery;
}

/** Filters, sorts, pages and projects a list the way the list parameters ask. */
export function pageOf<T extends object>(items: Iterable<T>, params: ListParams) {
  let matching = [...items];
  const { query, sortKey } = params;
  if (query) matching = matching.filter((item) => matchesQuery(item, query));
  if (sortKey) {
    const sign = params.descending ? -1 : 1;
    matching.sort((a, b) => sign * order(readPath(a, sortKey), readPath(b, sortKey)));
  }
  const page = matching.slice(params.offset, params.offset + params.limit);
  const fields = params.select;
  const projected = fields
    ? page.map((item) =>
        Object.fromEntries(
          fields
            .filter((name) => Object.hasOwn(item, name))
            .map((name) => [name, (item as Record<string, unknown>)[name]]),
        ),
      )
    : page;
  return { items: projected, total: matching.length };
}

function order(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Whether an object with this id exists or is waiting to be created, for the caller's tenant. */
export const existsOrPending = (
  ctx: AppContext,
  core: MockCore,
  stored: boolean,
  objectKey: string,
): boolean => stored || core.operations.hasPending(callerOf(ctx).tenantId, objectKey);
