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
  body: string | null;
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
  for (const [name, value] of Object.entries(hook.requestHeader ?? {})) {
    headers[name.toLowerCase()] = fillTemplate(value, values);
  }
  return { method, headers, body };
}

/** Headers fit for a record or a log: the access token, wherever it was templated in, masked. */
export function maskToken(headers: Record<string, string>, token: string): Record<string, string> {
  if (token === '') return { ...headers };
  const masked = maskSecret(token);
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, value.replaceAll(token, masked)]),
  );
}
