import type { Context, Next } from 'koa';
import { Os1Error, os1Error } from '../../errors.js';
import type { AppState } from '../context.js';
import { respondError } from '../envelope.js';

/**
 * Turns anything thrown below into OS1's error envelope. Os1Errors are answered as they are;
 * errors with an HTTP status from Koa or the router are mapped to the catalogue; anything else is
 * a bug, logged and answered 500 so the caller is never left hanging.
 */
export function errorHandler(onBug: (error: unknown, ctx: Context) => void) {
  return async (ctx: Context & { state: AppState }, next: Next): Promise<void> => {
    try {
      await next();
      // The router's allowedMethods sets 405/501 and an Allow header, and leaves the body to us.
      if ((ctx.status === 405 || ctx.status === 501) && ctx.body === undefined) {
        throw methodNotAllowed(ctx);
      }
      if (ctx.status === 404 && ctx.body === undefined) {
        throw os1Error(
          'ROUTE_NOT_FOUND',
          `No endpoint answers ${ctx.method} ${ctx.path}. Check the path against README.md's endpoint list.`,
        );
      }
    } catch (caught) {
      respondError(ctx, toOs1Error(caught, ctx, onBug));
    }
  };
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

function toOs1Error(caught: unknown, ctx: Context, onBug: (error: unknown, ctx: Context) => void) {
  if (caught instanceof Os1Error) return caught;
  const status = (caught as { status?: unknown }).status;
  if (status === 405 || status === 501) return methodNotAllowed(ctx);
  onBug(caught, ctx);
  return os1Error(
    'INTERNAL',
    'The mock failed unexpectedly. This is a bug in os1-mock: please report it with the request that caused it.',
  );
}
