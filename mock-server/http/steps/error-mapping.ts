import type { Context } from 'koa';
import { Os1Error, os1Error } from '../../errors.js';

/**
 * What the routers left unanswered, as an error: 405 or 501 (set by a router's allowedMethods,
 * with an Allow header) or 404 for a path no route claims. Undefined when there is an answer.
 */
export function unansweredError(ctx: Context): Os1Error | undefined {
  if (ctx.body !== undefined) return undefined;
  if (ctx.status === 405 || ctx.status === 501) return methodNotAllowed(ctx);
  if (ctx.status === 404) {
    return os1Error(
      'ROUTE_NOT_FOUND',
      `No endpoint answers ${ctx.method} ${ctx.path}. Check the path against README.md's endpoint list.`,
    );
  }
  return undefined;
}

function methodNotAllowed(ctx: Context) {
  const methods = ctx.response.get('Allow').split(/,\s*/).filter(Boolean).sort();
  if (methods.length > 0) ctx.set('Allow', methods.join(', '));
  return os1Error(
    'METHOD_NOT_ALLOWED',
    `${ctx.method} is not allowed on ${ctx.path}${methods.length > 0 ? `; use ${methods.join(', ')}` : ''}.`,
    methods.length > 0 ? { allowed: methods } : {},
  );
}

/**
 * Anything thrown while answering, as the error to answer with. Os1Errors are answered as they
 * are; errors with an HTTP status from Koa or the router are mapped to the catalogue; anything
 * else is a bug, reported to `onBug` and answered 500 so the caller is never left hanging.
 */
export function toOs1Error(
  caught: unknown,
  ctx: Context,
  onBug: (error: unknown, ctx: Context) => void,
): Os1Error {
  if (caught instanceof Os1Error) return caught;
  const status = (caught as { status?: unknown }).status;
  if (status === 405 || status === 501) return methodNotAllowed(ctx);
  onBug(caught, ctx);
  return os1Error(
    'INTERNAL',
    'The mock failed unexpectedly. This is a bug in os1-mock: please report it with the request that caused it.',
  );
}
