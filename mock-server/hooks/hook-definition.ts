import { validateHeaderName, validateHeaderValue } from 'node:http';
import { os1Error } from '../errors.js';
import type { HookKind, TypeHooks, ValidationHook } from '../generated/contracts.js';
import type { OwnAddress } from './outbound-url.js';
import { assertDeliverableUrl } from './outbound-url.js';

/** The operations OS1 calls hooks around, as its methodNames spell them. */
export type OperationKind = 'create' | 'update' | 'apply_event';

export type HookMethodName = NonNullable<ValidationHook['methodName']>;

const SUFFIX: Record<HookKind, string> = { onRequest: 'OnRequest', onError: 'OnError' };

/** The methodName a hook is called as: its own, or the one the operation implies. */
export const methodNameOf = (
  hook: ValidationHook,
  kind: HookKind,
  operation: OperationKind,
): HookMethodName => hook.methodName ?? (`${operation}:${SUFFIX[kind]}` as HookMethodName);

/**
 * The hook that runs for this operation: the request's own, else the type's. A type's hook with a
 * methodName runs only for that operation (create:OnRequest: creates only); one without, for all.
 */
export function resolveHook(
  fromRequest: ValidationHook | undefined,
  fromType: TypeHooks | undefined,
  kind: HookKind,
  operation: OperationKind,
): ValidationHook | undefined {
  if (fromRequest) return fromRequest;
  const typeHook = fromType?.[kind];
  if (!typeHook) return undefined;
  return typeHook.methodName === undefined || typeHook.methodName === `${operation}:${SUFFIX[kind]}`
    ? typeHook
    : undefined;
}

/**
 * Rules the schema cannot state: an onRequest hook's methodName ends in :OnRequest (onError's in
 * :OnError), its headers are ones HTTP can carry, and its URL is https when callbacks must be, has a
 * host and a port other than 0, and is not this mock's own admin API (when `ownAddress` knows where
 * the mock answers). Throws VALIDATION_FAILED naming the field (`at` is where the hooks sit, e.g.
 * "hooks").
 */
export function assertUsableHooks(
  hooks: Partial<Record<HookKind, ValidationHook | undefined>>,
  requireHttps: boolean,
  at = '',
  ownAddress: () => OwnAddress | null = () => null,
): void {
  for (const kind of ['onRequest', 'onError'] as const) {
    const hook = hooks[kind];
    if (!hook) continue;
    const field = at === '' ? kind : `${at}.${kind}`;
    const refuse = (path: string, rule: string, message: string) => {
      throw os1Error('VALIDATION_FAILED', `Invalid request body: ${field}.${path} ${message}.`, {
        field: `${field}.${path}`,
        rule,
      });
    };
    if (requireHttps && !hook.url.startsWith('https:')) {
      refuse('url', 'https', 'must use https (callbacks.requireHttps is on)');
    }
    assertDeliverableUrl(hook.url, `${field}.url`, ownAddress);
    if (hook.methodName !== undefined && !hook.methodName.endsWith(`:${SUFFIX[kind]}`)) {
      refuse('methodName', 'methodName', `must end in :${SUFFIX[kind]} for an ${kind} hook`);
    }
    for (const [name, value] of Object.entries(hook.requestHeader ?? {})) {
      try {
        validateHeaderName(name);
        validateHeaderValue(name, value);
      } catch {
        refuse(
          `requestHeader.${name}`,
          'header',
          'is not a valid HTTP header (name a token, value without line breaks)',
        );
      }
    }
  }
}
