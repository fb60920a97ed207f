import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { maskUrlPassword, redactUrl } from '../delivery/redact-url.js';
import type { ErrorName, Os1Error } from '../errors.js';
import { os1Error } from '../errors.js';
import type {
  HookCallRecord,
  HookKind,
  Os1Service,
  ValidationHook,
} from '../generated/contracts.js';
import type { Scheduler } from '../scheduler.js';
import type { SchemaId } from '../validation/schemas.js';
import { findProblem } from '../validation/validator.js';
import { mergeHookData, reasonIn } from './hook-answer.js';
import type { HookCallLog } from './hook-call-log.js';
import type { HookAnswer, HookClient } from './hook-client.js';
import { HookCallError } from './hook-client.js';
import type { OperationKind } from './hook-definition.js';
import { methodNameOf } from './hook-definition.js';
import type { BuiltHookRequest, TemplateValues } from './hook-request.js';
import { buildHookRequest } from './hook-request.js';

/** The request a hook is called about. */
export interface HookedCall {
  tenantId: string;
  requestId: string;
  /** X-COREOS-ACCESS, for `{{token}}`; masked in every record. */
  accessToken: string;
  service: Os1Service;
  /** The id of the object the request is about. */
  objectId: string;
  operation: OperationKind;
}

/** What the request does after its onRequest hook. */
export type OnRequestVerdict =
  /** Go on with this payload (the hook's data laid over the request's, when it sent some). */
  | { kind: 'proceed'; payload: Record<string, unknown> }
  /** Refuse the request at once with this error. */
  | { kind: 'fail-sync'; reason: string; error: Os1Error }
  /** Accept it (202), then fail it: a `failed` callback with this reason. */
  | { kind: 'fail-async'; reason: string };

export interface OperationFailure {
  reason: string;
  /** The failed outcome's data, as the callback carries it. */
  data: unknown;
}

export interface HookRunnerOptions {
  scheduler: Scheduler;
  client: HookClient;
  log: HookCallLog;
  /** Real ms a hook has to answer. */
  timeoutMs: number;
  /** How a rejecting wait:true onRequest hook fails the request (config hooks.onMismatch). */
  onMismatch: 'fail-sync' | 'fail-async';
}

const RESPONSE_BODY_LIMIT = 2048;
const DEFAULT_ACCEPTABLE = [200];

/**
 * Calls OS1's custom validation plugins: `onRequest` before an operation takes effect (waiting for
 * it, and taking its data, with `wait: true`; otherwise as a scheduler job the request does not
 * wait for), `onError` when an operation fails. Every call is a record in the hook-call log.
 */
export class HookRunner {
  readonly #options: HookRunnerOptions;

  constructor(options: HookRunnerOptions) {
    this.#options = options;
  }

  /** Calls the onRequest hook with `payload` (the validated request body) and judges its answer. */
  async onRequest(
    call: HookedCall,
    hook: ValidationHook,
    payload: Record<string, unknown>,
    schema: SchemaId,
  ): Promise<OnRequestVerdict> {
    const request = buildHookRequest(hook, templateValues(call), withoutHooks(payload));
    if (hook.wait !== true) {
      // Not awaited by the request, but tracked: scheduler.settle() and advance() wait for it.
      const { scheduler } = this.#options;
      scheduler.at(scheduler.clock.now(), async () => {
        const { record } = await this.#call(call, hook, 'onRequest', request);
        this.#options.log.finish(record);
      });
      return { kind: 'proceed', payload };
    }
    const { record, answer } = await this.#call(call, hook, 'onRequest', request);
    const verdict = this.#judge(record, answer, hook, payload, schema);
    this.#options.log.finish(record);
    return verdict;
  }

  /**
   * Calls the onError hook with the failure's reason; resolves once it answered, timed out or could
   * not be reached (never rejects), so the `failed` callback can follow it.
   */
  async onError(
    call: HookedCall,
    hook: ValidationHook,
    failure: OperationFailure & { payload: Record<string, unknown> },
  ): Promise<void> {
    const request = buildHookRequest(hook, templateValues(call), {
      status: 'failed',
      reason: failure.reason,
      methodName: methodNameOf(hook, 'onError', call.operation),
      service: call.service,
      tenantId: call.tenantId,
      requestId: call.requestId,
      id: call.objectId,
      data: failure.data,
      request: withoutHooks(failure.payload),
    });
    const { record } = await this.#call(call, hook, 'onError', request);
    this.#options.log.finish(record);
  }

  async #call(
    call: HookedCall,
    hook: ValidationHook,
    kind: HookKind,
    request: BuiltHookRequest,
  ): Promise<{ record: HookCallRecord; answer: HookAnswer | null }> {
    const { client, log, scheduler, timeoutMs } = this.#options;
    const record: HookCallRecord = {
      id: `hook_${uuidv7()}`,
      tenantId: call.tenantId,
      requestId: call.requestId,
      kind,
      methodName: methodNameOf(hook, kind, call.operation),
      service: call.service,
      objectId: call.objectId,
      url: maskUrlPassword(hook.url),
      method: request.method,
      wait: kind === 'onRequest' && hook.wait === true,
      requestHeaders: request.shownHeaders,
      requestBody: request.body,
      startedAt: scheduler.clock.now(),
      latencyMs: null,
      statusCode: null,
      responseBody: null,
      outcome: 'pending',
      effect: 'none',
      rewrittenFields: [],
      error: null,
    };
    log.start(record);
    const began = performance.now();
    let answer: HookAnswer | null = null;
    try {
      answer = await client({ url: hook.url, ...request, timeoutMs });
      const acceptable = acceptableCodes(hook);
      record.statusCode = answer.statusCode;
      record.responseBody = answer.body.slice(0, RESPONSE_BODY_LIMIT);
      if (acceptable.includes(answer.statusCode)) {
        record.outcome = 'passed';
      } else {
        record.outcome = 'mismatch';
        record.error = `answered ${answer.statusCode}, not one of acceptableStatusCodes ${acceptable.join(', ')}`;
      }
    } catch (caught) {
      record.outcome = caught instanceof HookCallError ? caught.kind : 'unreachable';
      record.error = caught instanceof Error ? caught.message : String(caught);
    }
    record.latencyMs = Math.round((performance.now() - began) * 100) / 100;
    return { record, answer };
  }

  #judge(
    record: HookCallRecord,
    answer: HookAnswer | null,
    hook: ValidationHook,
    payload: Record<string, unknown>,
    schema: SchemaId,
  ): OnRequestVerdict {
    const hookName = `onRequest hook ${redactUrl(hook.url)}`;
    const details = { hook: 'onRequest', url: redactUrl(hook.url), methodName: record.methodName };
    if (record.outcome === 'passed' && answer) {
      if (answer.truncated) {
        record.error = `the answer is larger than the body limit; its data was ignored`;
        return { kind: 'proceed', payload };
      }
      const merged = mergeHookData(payload, answer.body, schema);
      if (merged.rewritten.length === 0) return { kind: 'proceed', payload };
      record.rewrittenFields = merged.rewritten;
      const problem = findProblem(schema, merged.payload);
      if (problem) {
        const reason = `the ${hookName} returned data that makes ${problem.field} invalid: ${problem.field} ${problem.message}`;
        record.error = reason;
        return this.#reject(record, reason, 'HOOK_DATA_INVALID', {
          ...details,
          field: problem.field,
          rule: problem.rule,
          schema,
        });
      }
      record.effect = 'rewrote';
      return { kind: 'proceed', payload: merged.payload };
    }
    if (hook.raiseErrorOnStatusMismatch !== true) return { kind: 'proceed', payload };
    if (record.outcome === 'mismatch' && answer) {
      const given = reasonIn(answer.body);
      const reason = `the ${hookName} answered ${answer.statusCode}, not one of acceptableStatusCodes ${acceptableCodes(hook).join(', ')}${given ? `: ${given}` : ''}`;
      return this.#reject(record, reason, 'HOOK_REJECTED', {
        ...details,
        status: answer.statusCode,
        ...(given ? { reason: given } : {}),
      });
    }
    const reason = `the ${hookName} ${record.outcome === 'timeout' ? 'did not answer in time' : 'could not be reached'}: ${record.error}`;
    return this.#reject(record, reason, 'HOOK_UNREACHABLE', {
      ...details,
      outcome: record.outcome,
    });
  }

  #reject(
    record: HookCallRecord,
    reason: string,
    errorName: ErrorName,
    info: Record<string, unknown>,
  ): OnRequestVerdict {
    if (this.#options.onMismatch === 'fail-async') {
      record.effect = 'failed-async';
      return { kind: 'fail-async', reason };
    }
    record.effect = 'rejected';
    const message = `${reason.charAt(0).toUpperCase()}${reason.slice(1)}. The request was not accepted; fix the request or the hook and send it again (config hooks.onMismatch "fail-async" reports this on the callback instead).`;
    return { kind: 'fail-sync', reason, error: os1Error(errorName, message, info) };
  }
}

const templateValues = (call: HookedCall): TemplateValues => ({
  token: call.accessToken,
  request_id: call.requestId,
  tenant_id: call.tenantId,
});

const acceptableCodes = (hook: ValidationHook): number[] =>
  hook.acceptableStatusCodes && hook.acceptableStatusCodes.length > 0
    ? hook.acceptableStatusCodes
    : DEFAULT_ACCEPTABLE;

/** The request payload as a hook sees it: without the hook definitions themselves. */
function withoutHooks(payload: Record<string, unknown>): Record<string, unknown> {
  const { onRequest: _onRequest, onError: _onError, ...rest } = payload;
  return rest;
}
