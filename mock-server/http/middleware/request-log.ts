import { performance } from 'node:perf_hooks';
import type { Context, Next } from 'koa';
import type { Clock } from '../../clock.js';
import type { RequestLog } from '../../request-log.js';
import { maskSecret } from '../../signing/hmac.js';
import type { AppState } from '../context.js';

const ADMIN_PREFIX = '/__admin';
const ADMIN_PATHS = `${ADMIN_PREFIX}/`;

const header = (ctx: Context, name: string, maxLength: number): string | null => {
  const raw = ctx.headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value.slice(0, maxLength) : null;
};

/**
 * Records every API request (not the admin API's own) in the request log once it is answered:
 * method, path, tenant, request id, status. Mounted outermost so the status is the final one. The
 * access token is kept masked and the callback secret not at all.
 */
export function recordRequests(log: RequestLog, clock: Clock) {
  return async (ctx: Context & { state: AppState }, next: Next): Promise<void> => {
    const path = ctx.path;
    if (path === ADMIN_PREFIX || path.startsWith(ADMIN_PATHS)) {
      await next();
      return;
    }
    const at = clock.now();
    const began = performance.now();
    try {
      await next();
    } finally {
      const token = header(ctx, 'x-coreos-access', 4096)?.replace(/^Bearer\s+/i, '') ?? '';
      const status = ctx.status;
      const errorCode =
        status >= 400
          ? (ctx.body as { error?: { code?: unknown } } | undefined)?.error?.code
          : null;
      log.record({
        at,
        method: ctx.method,
        path: path.slice(0, 2048),
        query: ctx.querystring.slice(0, 1024),
        tenantId: ctx.state.os1?.tenantId ?? header(ctx, 'x-coreos-tid', 128),
        requestId: ctx.state.os1?.requestId ?? header(ctx, 'x-coreos-request-id', 256),
        status,
        errorCode: typeof errorCode === 'string' ? errorCode : null,
        durationMs: Math.round((performance.now() - began) * 100) / 100,
        accessToken: token === '' ? null : maskSecret(token),
        callbackSecretSent: header(ctx, 'x-coreos-callback-secret', 1) !== null,
      });
    }
  };
}
