import Router from '@koa/router';
import type { MockCore } from '../../core.js';
import { typeHooksKey } from '../../domain/store.js';
import { os1Error } from '../../errors.js';
import type { TypeHooks } from '../../generated/contracts.js';
import { HOOK_KINDS, HOOK_OUTCOMES } from '../../hooks/hook-call-log.js';
import { assertUsableHooks } from '../../hooks/hook-definition.js';
import type { AppContext, AppState } from '../context.js';
import { setTypeHooks } from './object-helpers.js';
import { validBody } from './shared.js';

const TENANT_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const SEGMENT = /^[A-Za-z0-9._-]{1,128}$/;

function queryValue(ctx: AppContext, name: string): string | undefined {
  const raw = ctx.query[name];
  return Array.isArray(raw) ? raw[0] : raw;
}

function oneOf<T extends string>(
  ctx: AppContext,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = queryValue(ctx, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw os1Error(
      'INVALID_QUERY',
      `Query parameter ${name} must be one of ${allowed.join(', ')}.`,
      { parameter: name },
    );
  }
  return value as T;
}

function pathSegment(ctx: AppContext, name: string, pattern: RegExp, what: string): string {
  const value = ctx.params[name] ?? '';
  if (!pattern.test(value)) {
    throw os1Error(
      'INVALID_PATH_PARAMETER',
      `The ${what} in the path must be ${describe(pattern)}.`,
      {
        parameter: name,
      },
    );
  }
  return value;
}

const describe = (pattern: RegExp): string =>
  pattern === TENANT_ID
    ? '1 to 128 letters, digits or . _ : @ - characters, as in X-COREOS-TID'
    : '1 to 128 letters, digits or . _ - characters';

/**
 * The admin side of OS1's validation hooks: every hook call (GET /__admin/hook-calls, filters
 * tenant, kind, outcome) and the hooks of entity types, which need no set-up in OS1 and so have no
 * type endpoint to carry them.
 */
export function adminHookRoutes(core: MockCore): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/__admin' });

  router.get('/hook-calls', (ctx) => {
    const hookCalls = core.hookCalls.list({
      tenantId: queryValue(ctx, 'tenant'),
      kind: oneOf(ctx, 'kind', HOOK_KINDS),
      outcome: oneOf(ctx, 'outcome', HOOK_OUTCOMES),
    });
    ctx.body = { hookCalls, total: hookCalls.length };
  });

  router.put('/tenants/:tid/entity-types/:appId/:plural/hooks', (ctx) => {
    const tenantId = pathSegment(ctx, 'tid', TENANT_ID, 'tenant id');
    const appId = pathSegment(ctx, 'appId', SEGMENT, 'appId');
    const entityType = pathSegment(ctx, 'plural', SEGMENT, 'entity type');
    const hooks = validBody<TypeHooks>(ctx, 'type-hooks.json');
    assertUsableHooks(hooks, core.config.callbacks.requireHttps);
    const tenant = core.store.tenant(tenantId);
    setTypeHooks(tenant, typeHooksKey('entity-type', `${appId}/${entityType}`), hooks);
    ctx.body = { tenantId, appId, entityType, hooks };
  });

  return router;
}
