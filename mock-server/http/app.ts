import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import Koa from 'koa';
import type { MockCore } from '../core.js';
import {
  checkControlHeaderNames,
  controlHeadersNotApplicable,
} from '../scenarios/control-headers.js';
import type { AppState } from './context.js';
import { respondError } from './envelope.js';
import { adminRouters } from './routes/admin-routers.js';
import { authRoutes } from './routes/auth.js';
import { containerRoutes } from './routes/containers.js';
import { entityRoutes } from './routes/entities.js';
import { participantRoutes } from './routes/participants.js';
import { toOs1Error, unansweredError } from './steps/error-mapping.js';
import { jsonBodyReader } from './steps/json-body.js';
import { os1HeaderReader } from './steps/os1-headers.js';
import { assertDecodablePath } from './steps/path-escapes.js';
import { isLogged, requestRecorder } from './steps/request-log.js';

export interface AppHooks {
  /** An error no request should cause: a bug in the mock. */
  onBug: (error: unknown, ctx: Context) => void;
}

/** The OS1 API's paths, which need OS1's headers; case-insensitive, as the routers match paths. */
const OS1_API = /^\/core\/api\/v2\//i;
/** OS1's token endpoint: answered at once, so X-OS1-Mock-* headers do not apply to it. */
const AUTH_API = /^\/core\/api\/v1\//i;
/** The methods of the OS1 API's asynchronous (202) requests, where X-OS1-Mock-* headers apply. */
const ACCEPTING = new Set(['POST', 'PUT']);

/** The Koa adapter over the core: request → headers → body → route → 202 and a scheduled callback. */
export function createApp(core: MockCore, hooks: AppHooks): Koa<AppState> {
  const app = new Koa<AppState>();
  app.silent = true;
  app.on('error', (error: unknown, ctx: Context) => hooks.onBug(error, ctx));
  app.use(answer(core, hooks));
  return app;
}

/**
 * Every request, in one middleware that runs each step in turn: refuse a path whose escapes do not
 * decode, check OS1's headers (on the OS1 API), read a JSON body, route; answer anything thrown in
 * OS1's error envelope; then record the request in the request log (not the admin API's own), with
 * its final status. One async function rather than a middleware per step: each layer cost a
 * promise and a closure per request.
 */
function answer(core: MockCore, hooks: AppHooks): Middleware<AppState> {
  const readHeaders = os1HeaderReader({
    requireIssuedToken: core.config.auth.requireIssuedToken,
    tokens: core.tokens,
  });
  const readBody = jsonBodyReader(core.config.limits);
  const route = routeByPrefix(routeGroups(core));
  const record = requestRecorder(core.requests);
  // Reads lag only with consistency.lagMs above 0 (the store keeps no lag otherwise).
  const lagged = core.config.consistency.lagMs > 0;
  const routeNow = (ctx: Context & { state: AppState }): Promise<unknown> =>
    lagged && (ctx.method === 'GET' || ctx.method === 'HEAD')
      ? core.store.laggedReads(() => route(ctx, noNext))
      : route(ctx, noNext);

  return async (ctx) => {
    const logged = isLogged(ctx.path);
    const at = logged ? core.clock.now() : 0;
    const began = logged ? performance.now() : 0;
    try {
      assertDecodablePath(ctx.path);
      if (OS1_API.test(ctx.path)) {
        ctx.state.os1 = readHeaders(ctx.method, ctx.req.headers, ctx.req.rawHeaders);
        ctx.state.controlHeaders = checkControlHeaderNames(ctx.req.rawHeaders);
        if (ctx.state.controlHeaders && !ACCEPTING.has(ctx.method)) {
          throw controlHeadersNotApplicable(ctx.method, ctx.path);
        }
      } else if (AUTH_API.test(ctx.path) && checkControlHeaderNames(ctx.req.rawHeaders)) {
        throw controlHeadersNotApplicable(ctx.method, ctx.path);
      }
      const reading = readBody(ctx);
      if (reading) await reading;
      await routeNow(ctx);
      const unanswered = unansweredError(ctx);
      if (unanswered) throw unanswered;
    } catch (caught) {
      respondError(ctx, toOs1Error(caught, ctx, hooks.onBug));
    } finally {
      if (logged) record(ctx, at, performance.now() - began);
    }
  };
}

const noNext = (): Promise<void> => Promise.resolve();

/** Routers that answer every path under one prefix, and no path outside it. */
interface RouteGroup {
  /** Tested case-insensitively, as the routers match paths. */
  prefix: RegExp;
  routers: Router<AppState>[];
}

function routeGroups(core: MockCore): RouteGroup[] {
  return [
    { prefix: /^\/__admin/i, routers: adminRouters(core) },
    { prefix: /^\/core\/api\/v1\/aaa\//i, routers: [authRoutes(core)] },
    { prefix: /^\/core\/api\/v2\/participants/i, routers: [participantRoutes(core)] },
    { prefix: /^\/core\/api\/v2\/containers/i, routers: [containerRoutes(core)] },
    { prefix: /^\/core\/api\/v2\/entity\//i, routers: [entityRoutes(core)] },
  ];
}

/**
 * Runs only the routers of the group whose prefix the path starts with (no two prefixes overlap),
 * instead of trying every route of every router on every request. A path no group claims goes to
 * a router without routes, so it is answered as before: 404, or 501 for a method no router knows.
 * Within a group each router's allowedMethods runs as before: a 405 lists the methods of every
 * route on that path, in its Allow header.
 */
function routeByPrefix(groups: RouteGroup[]): Middleware<AppState> {
  const dispatchers = groups.map(({ prefix, routers }) => {
    for (const router of routers) assertUnder(prefix, router);
    return { prefix, dispatch: chain(routers.flatMap(mount)) };
  });
  const unclaimed = chain(mount(new Router<AppState>()));
  return (ctx, next) => {
    const path = ctx.path;
    for (const { prefix, dispatch } of dispatchers) {
      if (prefix.test(path)) return dispatch(ctx, next);
    }
    return unclaimed(ctx, next);
  };
}

const mount = (router: Router<AppState>): Middleware<AppState>[] => [
  router.routes() as Middleware<AppState>,
  router.allowedMethods() as Middleware<AppState>,
];

/** A route outside its group's prefix would never be reached: fail at start, not per request. */
function assertUnder(prefix: RegExp, router: Router<AppState>): void {
  for (const layer of router.stack) {
    if (!prefix.test(layer.path.toString())) {
      throw new Error(`route ${layer.path.toString()} is outside its route group ${prefix}`);
    }
  }
}

/** Runs middleware in order, each one's `next` calling the one after: what app.use does. */
function chain(middleware: Middleware<AppState>[]): Middleware<AppState> {
  return (ctx, next) => {
    const run = (index: number): Promise<unknown> => {
      const current = middleware[index];
      if (!current) return next();
      try {
        return Promise.resolve(current(ctx, () => run(index + 1)));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return run(0);
  };
}
