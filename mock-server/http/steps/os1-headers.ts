import type { IncomingHttpHeaders } from 'node:http';
import type { TokenRegistry } from '../../domain/tokens.js';
import { REMEMBERED_TOKENS } from '../../domain/tokens.js';
import { os1Error } from '../../errors.js';
import type { Os1RequestInfo } from '../context.js';

export interface HeaderRules {
  requireIssuedToken: boolean;
  tokens: TokenRegistry;
}

const TENANT_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const PRINTABLE = /^[\x21-\x7e]{1,1024}$/;
const REQUEST_ID = /^[\x20-\x7e]{1,256}$/;
/** A token is one word of visible ASCII; 8 KiB leaves room for large JWTs. */
const ACCESS_TOKEN = /^[\x21-\x7e]{1,8192}$/;
const MAX_USERINFO_LENGTH = 8192;

/**
 * The first value of a header, by its lower-case name (Node lower-cases incoming names; looking
 * them up by a constant, rather than lower-casing on every request, keeps the lookup cheap).
 */
const single = (headers: IncomingHttpHeaders, lowerCaseName: string): string | undefined => {
  const value = headers[lowerCaseName];
  return Array.isArray(value) ? value[0] : value;
};

/** How messages name a header: as OS1's documentation writes it. */
const shown = (lowerCaseName: string): string => lowerCaseName.toUpperCase();

/**
 * Throws 400 INVALID_HEADER when the header came more than once. Node joins the repeats of a
 * header it does not know into one value, separated by ", "; so only a value holding ", " can be
 * one, and only then are the raw headers counted (no cost for the usual request). Without
 * `rawHeaders` (a caller that has only the joined headers) nothing is counted.
 */
function assertSentOnce(
  lowerCaseName: string,
  value: string,
  rawHeaders: readonly string[] | undefined,
): void {
  if (rawHeaders === undefined || !value.includes(', ')) return;
  let seen = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    if (name.length === lowerCaseName.length && name.toLowerCase() === lowerCaseName) seen++;
  }
  if (seen > 1) {
    const name = shown(lowerCaseName);
    throw os1Error(
      'INVALID_HEADER',
      `${name} was sent more than once; send it once (repeated values arrive joined as "a, b", which the API cannot use).`,
      { header: name, reason: 'repeated' },
    );
  }
}

/**
 * Checks the headers every OS1 API request must carry and answers what they say about the caller;
 * throws an Os1Error (401 or 400) naming the header that is wrong. `rawHeaders` (the request's, as
 * Node gives them) tell a header sent twice from one whose value holds ", ": each OS1 header must
 * come once.
 */
export function os1HeaderReader(rules: HeaderRules) {
  return (
    method: string,
    headers: IncomingHttpHeaders,
    rawHeaders?: readonly string[],
  ): Os1RequestInfo => {
    const accessToken = readAccessToken(headers, rules, rawHeaders);
    const tenantId = requiredMatching(
      headers,
      rawHeaders,
      'x-coreos-tid',
      TENANT_ID,
      '1 to 128 letters, digits or . _ : @ - characters',
    );
    const requestId = requiredMatching(
      headers,
      rawHeaders,
      'x-coreos-request-id',
      REQUEST_ID,
      '1 to 256 printable ASCII characters (a UUID works); it is echoed on callbacks',
    );
    if (method === 'POST' || method === 'PUT') {
      const originToken = required(headers, 'x-coreos-origin-token');
      assertSentOnce('x-coreos-origin-token', originToken, rawHeaders);
    }
    const userId = readUserId(headers, rawHeaders);
    const callbackSecret = single(headers, 'x-coreos-callback-secret');
    if (callbackSecret !== undefined && !PRINTABLE.test(callbackSecret)) {
      assertSentOnce('x-coreos-callback-secret', callbackSecret, rawHeaders);
      throw os1Error(
        'INVALID_HEADER',
        'X-COREOS-CALLBACK-SECRET must be 1 to 1024 printable ASCII characters without spaces (a base64 string works).',
        { header: 'X-COREOS-CALLBACK-SECRET' },
      );
    }
    return { tenantId, requestId, accessToken, userId, callbackSecret: callbackSecret ?? null };
  };
}

/**
 * A required header, sent once, whose value must match `pattern`; `rule` says in words what
 * matches.
 */
function requiredMatching(
  headers: IncomingHttpHeaders,
  rawHeaders: readonly string[] | undefined,
  lowerCaseName: string,
  pattern: RegExp,
  rule: string,
): string {
  const value = required(headers, lowerCaseName);
  assertSentOnce(lowerCaseName, value, rawHeaders);
  if (!pattern.test(value)) {
    const name = shown(lowerCaseName);
    throw os1Error('INVALID_HEADER', `${name} must be ${rule}.`, { header: name });
  }
  return value;
}

function required(headers: IncomingHttpHeaders, lowerCaseName: string): string {
  const value = single(headers, lowerCaseName)?.trim();
  if (!value) {
    const name = shown(lowerCaseName);
    throw os1Error('MISSING_HEADER', `The ${name} header is required on this request.`, {
      header: name,
    });
  }
  return value;
}

function readAccessToken(
  headers: IncomingHttpHeaders,
  rules: HeaderRules,
  rawHeaders: readonly string[] | undefined,
): string {
  const raw = single(headers, 'x-coreos-access')?.trim() ?? '';
  // "Bearer <token>" and a bare token both work; "Bearer" alone carries no token.
  const token = raw.replace(/^Bearer(?:\s+|$)/i, '');
  if (token === '') {
    throw os1Error(
      'UNAUTHORIZED',
      'Send an access token in X-COREOS-ACCESS; get one from POST /core/api/v1/aaa/auth/client-credentials.',
      { header: 'X-COREOS-ACCESS' },
    );
  }
  if (!ACCESS_TOKEN.test(token)) {
    assertSentOnce('x-coreos-access', raw, rawHeaders);
    throw os1Error(
      'UNAUTHORIZED',
      'X-COREOS-ACCESS must hold one token of up to 8192 visible ASCII characters, without spaces; get one from POST /core/api/v1/aaa/auth/client-credentials.',
      { header: 'X-COREOS-ACCESS', reason: 'malformed' },
    );
  }
  if (rules.requireIssuedToken) {
    const verdict = rules.tokens.check(token);
    if (verdict !== 'valid') {
      throw os1Error(
        'UNAUTHORIZED',
        verdict === 'expired'
          ? 'The access token has expired; get a new one from POST /core/api/v1/aaa/auth/client-credentials.'
          : `The access token was not issued by this mock, or is older than the last ${REMEMBERED_TOKENS.toLocaleString('en-US')} it issued and forgotten (auth.requireIssuedToken is on); get one from POST /core/api/v1/aaa/auth/client-credentials.`,
        { header: 'X-COREOS-ACCESS', reason: verdict },
      );
    }
  }
  return token;
}

/**
 * The last X-COREOS-USERINFO value read and the user id it holds: a client sends the same value on
 * every request, so it is parsed once. Only a valid value is kept.
 */
let lastUserInfo: { raw: string; userId: string } | undefined;

/** X-COREOS-USERINFO is optional; when sent it must be a JSON object such as {"id":"1","name":"console"}. */
function readUserId(
  headers: IncomingHttpHeaders,
  rawHeaders: readonly string[] | undefined,
): string {
  const raw = single(headers, 'x-coreos-userinfo');
  if (raw === undefined || raw.trim() === '') return 'anonymous';
  if (lastUserInfo?.raw === raw) return lastUserInfo.userId;
  // Two JSON objects joined by ", " are not one object: parseUserId would refuse them too.
  assertSentOnce('x-coreos-userinfo', raw, rawHeaders);
  const userId = parseUserId(raw);
  lastUserInfo = { raw, userId };
  return userId;
}

function parseUserId(raw: string): string {
  let parsed: unknown;
  try {
    parsed = raw.length <= MAX_USERINFO_LENGTH ? JSON.parse(raw) : undefined;
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw os1Error(
      'INVALID_HEADER',
      'X-COREOS-USERINFO must be a JSON object such as {"id":"1","name":"console"} (at most 8 KiB).',
      { header: 'X-COREOS-USERINFO' },
    );
  }
  const id = (parsed as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : 'anonymous';
}
