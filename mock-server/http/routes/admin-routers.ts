import type Router from '@koa/router';
import type { MockCore } from '../../core.js';
import type { AppState } from '../context.js';
import { adminRoutes } from './admin.js';
import { adminHookRoutes } from './admin-hooks.js';
import { adminScenarioRoutes } from './admin-scenarios.js';

/**
 * Every router under /__admin, in the order the app mounts them: the one list the app, the admin
 * OpenAPI document's test and the malformed-input sweep all read, so none can miss a route.
 */
export function adminRouters(core: MockCore): Router<AppState>[] {
  return [adminRoutes(core), adminHookRoutes(core), adminScenarioRoutes(core)];
}
