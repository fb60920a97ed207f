/** Headers every OS1 API request needs, for tenant `tenantId`. */
export function os1Headers(
  tenantId = 'tenant-a',
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-coreos-access': 'test-token',
    'x-coreos-tid': tenantId,
    'x-coreos-request-id': `req-${Math.random().toString(36).slice(2)}`,
    'x-coreos-origin-token': 'test-token',
    'x-coreos-userinfo': '{"id":"u1","name":"tests"}',
    ...extra,
  };
}

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read into arbitrary JSON answers
  body: any;
  headers: Headers;
}

/** A small fetch wrapper for the mock's API. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    tenant?: string;
  } = {},
): Promise<ApiResponse> {
  const headers = options.headers ?? os1Headers(options.tenant);
  const init: RequestInit = { method, headers };
  if (options.rawBody !== undefined) init.body = options.rawBody;
  else if (options.body !== undefined) init.body = JSON.stringify(options.body);
  const response = await fetch(`${baseUrl}${path}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // leave the text
  }
  return { status: response.status, body, headers: response.headers };
}

/** A call to the admin API of a running mock: JSON, no OS1 headers. */
export function admin(
  mock: { url: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse> {
  return call(mock.url, method, `/__admin${path}`, {
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
}
