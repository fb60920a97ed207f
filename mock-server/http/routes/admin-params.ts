import { os1Error } from '../../errors.js';
import type { AppContext } from '../context.js';

/** A tenant id, as X-COREOS-TID allows it. */
export const TENANT_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** An entity app id or entity type: letters, digits, . _ -, and not only dots (no `.` or `..`). */
export const ENTITY_SEGMENT = /^(?!\.+$)[A-Za-z0-9._-]{1,128}$/;

/** The first value of a query parameter, if it was sent. */
export function queryValue(ctx: AppContext, name: string): string | undefined {
  const raw = ctx.query[name];
  return Array.isArray(raw) ? raw[0] : raw;
}

/** A query parameter that must be one of `allowed`, if it was sent; 400 naming it otherwise. */
export function oneOf<T extends string>(
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
