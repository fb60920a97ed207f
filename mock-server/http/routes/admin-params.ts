import { os1Error } from '../../errors.js';
import type { AppContext } from '../context.js';

/** A tenant id, as X-COREOS-TID allows it. */
export const TENANT_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** An entity app id or entity type: letters, digits, . _ -, and not only dots (no `.` or `..`). */
export const ENTITY_SEGMENT = /^(?!\.+$)[A-Za-z0-9._-]{1,128}$/;

/** The query parameters of an admin route, read by name: only the names it was built with. */
export interface AdminQuery<Name extends string> {
  /** The parameter's value, if it was sent. */
  text(name: Name): string | undefined;
  /** A parameter that must be one of `allowed`, if it was sent; 400 naming it otherwise. */
  oneOf<T extends string>(name: Name, allowed: readonly T[]): T | undefined;
  /** A whole number from `min` to `max`, if it was sent; 400 naming it otherwise. */
  integer(name: Name, min: number, max: number): number | undefined;
}

/**
 * The query of an admin route that takes the parameters `known`: 400 INVALID_QUERY for any other
 * name, listing the known ones, and for a parameter given more than once. A filter with a typo
 * must not be dropped, or a list or a bulk action would cover everything instead of what was asked
 * for; a repeated one has no single meaning (both values? the first?).
 */
export function adminQuery<const Name extends string>(
  ctx: AppContext,
  known: readonly Name[],
): AdminQuery<Name> {
  const query = ctx.query;
  for (const [name, value] of Object.entries(query)) {
    if (!(known as readonly string[]).includes(name)) {
      throw os1Error(
        'INVALID_QUERY',
        `Query parameter ${JSON.stringify(name)} is not one ${ctx.method} ${ctx.path} takes; it takes ${known.length === 0 ? 'none' : known.join(', ')}.`,
        { parameter: name, known: [...known] },
      );
    }
    if (Array.isArray(value)) {
      throw os1Error(
        'INVALID_QUERY',
        `Query parameter ${name} was given ${value.length === 2 ? 'twice' : `${value.length} times`}; give it once (a filter takes one value).`,
        { parameter: name },
      );
    }
  }
  const text = (name: Name): string | undefined => query[name] as string | undefined;
  return {
    text,
    oneOf<T extends string>(name: Name, allowed: readonly T[]): T | undefined {
      const value = text(name);
      if (value === undefined) return undefined;
      if (!(allowed as readonly string[]).includes(value)) {
        throw os1Error(
          'INVALID_QUERY',
          `Query parameter ${name} must be one of ${allowed.join(', ')}.`,
          { parameter: name },
        );
      }
      return value as T;
    },
    integer(name: Name, min: number, max: number): number | undefined {
      const value = text(name);
      if (value === undefined) return undefined;
      if (!/^\d{1,10}$/.test(value) || Number(value) < min || Number(value) > max) {
        throw os1Error(
          'INVALID_QUERY',
          `Query parameter ${name} must be a whole number from ${min} to ${max}.`,
          { parameter: name },
        );
      }
      return Number(value);
    },
  };
}

/**
 * Refuses a body on a route that takes none (400 VALIDATION_FAILED), so that filters sent as JSON
 * are not dropped in silence; `hint` says where they go instead. Bodies of DELETE requests are
 * never read, so their headers tell.
 */
export function noBody(ctx: AppContext, hint: string): void {
  const headers = ctx.req.headers;
  const sent =
    ctx.state.body !== undefined ||
    Number(headers['content-length'] ?? 0) > 0 ||
    (ctx.method === 'DELETE' && headers['transfer-encoding'] !== undefined);
  if (sent) {
    throw os1Error(
      'VALIDATION_FAILED',
      `Invalid request body: ${ctx.method} ${ctx.path} takes no body. ${hint}`,
      { field: 'body', rule: 'absent' },
    );
  }
}

/** The tenant id in the path (`:tid`); 400 INVALID_PATH_PARAMETER when X-COREOS-TID would refuse it. */
export function tenantParam(ctx: AppContext): string {
  const tenantId = ctx.params.tid ?? '';
  if (!TENANT_ID.test(tenantId)) {
    throw os1Error(
      'INVALID_PATH_PARAMETER',
      'The tenant id in the path must be 1 to 128 letters, digits or . _ : @ - characters, as in X-COREOS-TID.',
      { parameter: 'tid' },
    );
  }
  return tenantId;
}

/** An app id or entity type in the path; 400 INVALID_PATH_PARAMETER naming it otherwise. */
export function entitySegmentParam(ctx: AppContext, name: string, what: string): string {
  const value = ctx.params[name] ?? '';
  if (!ENTITY_SEGMENT.test(value)) {
    throw os1Error(
      'INVALID_PATH_PARAMETER',
      `The ${what} in the path must be 1 to 128 letters, digits or . _ - characters, and not only dots.`,
      { parameter: name },
    );
  }
  return value;
}
