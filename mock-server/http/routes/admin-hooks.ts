import Router from '@koa/router';
import type { MockCore } from '../../core.js';
import { typeHooksKey } from '../../domain/store.js';
import type { TypeHooks } from '../../generated/contracts.js';
import { HOOK_KINDS, HOOK_OUTCOMES } from '../../hooks/hook-call-log.js';
import { assertUsableHooks } from '../../hooks/hook-definition.js';
import type { AppState } from '../context.js';
import { adminQuery, entitySegmentParam, tenantParam } from './admin-params.js';
import { setTypeHooks } from './object-helpers.js';
import { ownAddressOf, validBody } from './shared.js';

/**
 * The admin side of OS1's validation hooks: every hook call (GET /__admin/hook-calls, filters
 * tenant, kind, outcome) and the hooks of entity types, which need no set-up in OS1 and so have no
 * type endpoint to carry them.
 */
export function adminHookRoutes(core: MockCore): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/__admin' });

  router.get('/hook-calls', (ctx) => {
    const query = adminQuery(ctx, ['tenant', 'kind', 'outcome']);
    const hookCalls = core.hookCalls.list({
      tenantId: query.text('tenant'),
      kind: query.oneOf('kind', HOOK_KINDS),
      outcome: query.oneOf('outcome', HOOK_OUTCOMES),
    });
    ctx.body = { hookCalls, total: hookCalls.length };
  });

  router.put('/tenants/:tid/entity-types/:appId/:plural/hooks', (ctx) => {
    const tenantId = tenantParam(ctx);
    const appId = entitySegmentParam(ctx, 'appId', 'appId');
    const entityType = entitySegmentParam(ctx, 'plural', 'entity type');
    const hooks = validBody<TypeHooks>(ctx, 'type-hooks.json');
    assertUsableHooks(hooks, core.config.callbacks.requireHttps, '', () => ownAddressOf(ctx));
    const tenant = core.store.tenant(tenantId);
    setTypeHooks(tenant, typeHooksKey('entity-type', `${appId}/${entityType}`), hooks);
    ctx.body = { tenantId, appId, entityType, hooks };
  });

  return router;
}
