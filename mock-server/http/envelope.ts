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

/** What Koa sends for a JSON body; set here when the body is JSON text already. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * 202: tentatively accepted; the outcome comes on the callback. The answer is written as JSON text
 * directly, echoing the request body's own text: the same JSON as serialising requestEcho(ctx),
 * without serialising the body again.
 */
export function respondAccepted(ctx: EnvelopeContext & Pick<Context, 'set'>, id: string): void {
  ctx.status = 202;
  ctx.set('Content-Type', JSON_CONTENT_TYPE);
  ctx.body = `{"data":{"id":${JSON.stringify(id)}},"request":${requestEchoJson(ctx)}}`;
}

/** requestEcho(ctx) as JSON text. */
function requestEchoJson(ctx: EnvelopeContext): string {
  return `{"uri":${JSON.stringify(ctx.path)},"method":${JSON.stringify(ctx.method)},"queryString":${JSON.stringify(ctx.querystring)},"body":${echoedBodyJson(ctx.state)}}`;
}

/**
 * The body as JSON text: the received text when it is the text of an object or array body (valid
 * JSON already, since it parsed; trimmed, its inner spacing kept), else the body serialised, {}
 * when there is none.
 */
function echoedBodyJson(state: AppState): string {
  const { body, bodyText } = state;
  return bodyText !== undefined && typeof body === 'object' && body !== null
    ? bodyText.trim()
    : JSON.stringify(body ?? {});
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

/** The error's status and envelope, and its Retry-After when the catalogue gives one. */
export function respondError(ctx: EnvelopeContext & Pick<Context, 'set'>, error: Os1Error): void {
  ctx.status = error.status;
  const { retryAfterSeconds } = error.definition;
  if (retryAfterSeconds !== undefined) ctx.set('Retry-After', String(retryAfterSeconds));
  ctx.body = errorEnvelope(error, requestEcho(ctx));
}
