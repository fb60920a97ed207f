import type { ValidationHook } from '../generated/contracts.js';
import { maskSecret } from '../signing/hmac.js';

/** What `{{token}}`, `{{request_id}}` and `{{tenant_id}}` stand for in a hook's requestHeader. */
export interface TemplateValues {
  token: string;
  request_id: string;
  tenant_id: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/** Fills the known placeholders; unknown ones stay as they are. */
export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (placeholder, name: string) =>
    Object.hasOwn(values, name) ? values[name as keyof TemplateValues] : placeholder,
  );
}

export interface BuiltHookRequest {
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  /**
   * The headers fit for a record or a log: those that carry a secret by name (SECRET_HEADERS)
   * masked whole, and `{{token}}` filled in masked wherever else it was used. Nothing else is
   * touched, even text that happens to equal the token.
   */
  shownHeaders: Record<string, string>;
  body: string | null;
}

/** Headers whose value is a secret whatever their template says: tokens, credentials, secrets. */
const SECRET_HEADERS = new Set([
  'x-coreos-access',
  'authorization',
  'proxy-authorization',
  'x-coreos-callback-secret',
]);

/** A secret header's value masked, its scheme kept: `Bearer abcd…**** (32 chars)`. */
function maskHeaderValue(value: string): string {
  if (value === '') return value;
  const scheme = /^([A-Za-z][\w-]*) (\S.*)$/.exec(value);
  return scheme ? `${scheme[1]} ${maskSecret(scheme[2] as string)}` : maskSecret(value);
}

/**
 * The HTTP request for a hook: its requestHeader with templates filled in, and as body its
 * requestBody if it has one, else `defaultBody`; GET sends no body.
 */
export function buildHookRequest(
  hook: ValidationHook,
  values: TemplateValues,
  defaultBody: unknown,
): BuiltHookRequest {
  const method = hook.method ?? 'POST';
  const body =
    method === 'GET'
      ? null
      : JSON.stringify(hook.requestBody === undefined ? defaultBody : hook.requestBody);
  const headers: Record<string, string> =
    body === null ? {} : { 'content-type': 'application/json' };
  const shownHeaders = { ...headers };
  const shownValues = {
    ...values,
    token: values.token === '' ? '' : maskSecret(values.token),
  };
  for (const [name, template] of Object.entries(hook.requestHeader ?? {})) {
    const key = name.toLowerCase();
    headers[key] = fillTemplate(template, values);
    shownHeaders[key] = SECRET_HEADERS.has(key)
      ? maskHeaderValue(headers[key])
      : fillTemplate(template, shownValues);
  }
  return { method, headers, shownHeaders, body };
}
