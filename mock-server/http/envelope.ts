import type { Context } from 'koa';
import type { Os1Error } from '../errors.js';
import type { AppState } from './context.js';

type EnvelopeContext = Pick<Context, 'path' | 'method' | 'querystring' | 'status' | 'body'> & {
  state: AppState;
};

/** The `request` block OS1 puts in every answer. */
export function requestEcho(ctx: EnvelopeContext) {
  return {
    uri: ctx.path,
    method: ctx.method,
    queryString: ctx.querystring,
    body: ctx.state.body ?? {},
  };
}

/** 202: tentatively accepted; the outcome comes on the callback. */
export function respondAccepted(ctx: EnvelopeContext, id: string): void {
  ctx.status = 202;
  ctx.body = { data: { id }, request: requestEcho(ctx) };
}

export function respondData(ctx: EnvelopeContext, data: unknown, status = 200): void {
  ctx.status = status;
  ctx.body = { data, request: requestEcho(ctx) };
}

/** The one place an error becomes OS1's envelope. */
export function errorEnvelope(error: Os1Error, request: ReturnType<typeof requestEcho>) {
  return {
    error: {
      code: error.definition.code,
      description: error.message,
      additionalInfo: { error: error.errorName, ...error.additionalInfo },
    },
    request,
  };
}

export function respondError(ctx: EnvelopeContext, error: Os1Error): void {
  ctx.status = error.status;
  ctx.body = errorEnvelope(error, requestEcho(ctx));
}
