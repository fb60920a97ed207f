import type { IncomingHttpHeaders } from 'node:http';
import type { Context } from 'koa';
import type { RequestLog } from '../../request-log.js';
import { maskSecret } from '../../signing/hmac.js';
import type { AppState } from '../context.js';

const ADMIN_PREFIX = '/__admin';
const ADMIN_PATHS = `${ADMIN_PREFIX}/`;

const header = (headers: IncomingHttpHeaders, name: string, maxLength: number): string | null => {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value.slice(0, maxLength) : null;
};

/** Whether a request goes in the request log: every API request, not the admin API's own. */
export const isLogged = (path: string): boolean =>
  path !== ADMIN_PREFIX && !path.startsWith(ADMIN_PATHS);

/**
 * Records an answered API request in the request log: method, path, tenant, request id, final
 * status. The access token is kept masked and the callback secret not at all.
 */
export function requestRecorder(log: RequestLog) {
  /** The last access token masked: a client sends the same one on every request. */
  let lastToken = { token: '', masked: '' };
  const masked = (token: string): string => {
    if (lastToken.token !== token) lastToken = { token, masked: maskSecret(token) };
    return lastToken.masked;
  };
  return (ctx: Context & { state: AppState }, at: number, durationMs: number): void => {
    const headers = ctx.req.headers;
    const token = header(headers, 'x-coreos-access', 4096)?.replace(/^Bearer\s+/i, '') ?? '';
    const status = ctx.status;
    const errorCode =
      status >= 400 ? (ctx.body as { error?: { code?: unknown } } | undefined)?.error?.code : null;
    log.record({
      at,
      method: ctx.method,
      path: ctx.path.slice(0, 2048),
      query: ctx.querystring.slice(0, 1024),
      tenantId: ctx.state.os1?.tenantId ?? header(headers, 'x-coreos-tid', 128),
      requestId: ctx.state.os1?.requestId ?? header(headers, 'x-coreos-request-id', 256),
      status,
      errorCode: typeof errorCode === 'string' ? errorCode : null,
      durationMs: Math.round(durationMs * 100) / 100,
      accessToken: token === '' ? null : masked(token),
      callbackSecretSent: header(headers, 'x-coreos-callback-secret', 1) !== null,
    });
  };
}
