import type { Context, Next } from 'koa';
import type { Store } from '../../domain/store.js';

/**
 * GET and HEAD requests read through the store's lag (config consistency.lagMs), as OS1's
 * eventually consistent reads do; writes and their existence checks see the truth.
 */
export function laggedReads(store: Store) {
  return (ctx: Context, next: Next): Promise<void> =>
    ctx.method === 'GET' || ctx.method === 'HEAD' ? store.laggedReads(next) : next();
}
