import type { Context, Next } from 'koa';
import Koa from 'koa';
import type { MockCore } from '../core.js';
import type { AppState } from './context.js';
import { errorHandler } from './middleware/error-handler.js';
import { jsonBody } from './middleware/json-body.js';
import { os1Headers } from './middleware/os1-headers.js';
import { laggedReads } from './middleware/read-lag.js';
import { recordRequests } from './middleware/request-log.js';
import { adminRouters } from './routes/admin-routers.js';
import { authRoutes } from './routes/auth.js';
import { containerRoutes } from './routes/containers.js';
import { entityRoutes } from './routes/entities.js';
import { participantRoutes } from './routes/participants.js';

export interface AppHooks {
  /** An error no request should cause: a bug in the mock. */
  onBug: (error: unknown, ctx: Context) => void;
}

const OS1_API = '/core/api/v2/';

/** The Koa adapter over the core: request → headers → body → route → 202 and a scheduled callback. */
export function createApp(core: MockCore, hooks: AppHooks): Koa<AppState> {
  const app = new Koa<AppState>();
  app.silent = true;
  app.on('error', (error: unknown, ctx: Context) => hooks.onBug(error, ctx));

  const checkHeaders = os1Headers({
    requireIssuedToken: core.config.auth.requireIssuedToken,
    tokens: core.tokens,
  });
  app.use(recordRequests(core.requests, core.clock));
  app.use(errorHandler(hooks.onBug));
  app.use((ctx: Context, next: Next) =>
    ctx.path.startsWith(OS1_API) ? checkHeaders(ctx, next) : next(),
  );
  app.use(jsonBody(core.config.limits));
  app.use(laggedReads(core.store));
  for (const router of [
    ...adminRouters(core),
    authRoutes(core),
    participantRoutes(core),
    containerRoutes(core),
    entityRoutes(core),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
