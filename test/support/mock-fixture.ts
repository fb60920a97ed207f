import { afterEach, beforeEach, expect } from 'vitest';
import type { DeliveryRecord } from '../../mock-server/delivery/delivery-record.js';
import type { ErrorName } from '../../mock-server/errors.js';
import { ERRORS } from '../../mock-server/errors.js';
import type { MockServer, StartMockServerOptions } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import type { SchemaId } from '../../mock-server/validation/schemas.js';
import { findProblem } from '../../mock-server/validation/validator.js';
import type { ApiResponse } from './os1-client.js';
import { call, os1Headers } from './os1-client.js';
import type { TestReceiver } from './receiver.js';
import { startReceiver } from './receiver.js';

export const TENANT_A = 'tenant-a';
export const TENANT_B = 'tenant-b';

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  /** Replaces the default OS1 headers entirely. */
  headers?: Record<string, string>;
  /** Added to (or overriding) the default OS1 headers. */
  extraHeaders?: Record<string, string>;
  tenant?: string;
}

/**
 * One mock server on a virtual clock and one callback receiver per test, both on 127.0.0.1 and
 * ephemeral ports. Register it at the top of a describe block; read `mock` and `receiver` inside tests.
 */
export interface MockFixture {
  readonly mock: MockServer;
  readonly receiver: TestReceiver;
  /** Calls the mock's API as tenant A unless `tenant` says otherwise. */
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  /** Advances the virtual clock far enough for accepted requests to be processed and called back. */
  settle(ms?: number): Promise<void>;
  /** The finished delivery whose callback is about this object id. */
  callbackFor(id: string, predicate?: (record: DeliveryRecord) => boolean): Promise<DeliveryRecord>;
  /** `{callback: {url}}` pointing at the receiver, with optional meta. */
  callback(meta?: unknown): { callback: { url: string; meta?: unknown } };
}

export function useMockFixture(options: StartMockServerOptions = {}): MockFixture {
  let mock: MockServer | undefined;
  let receiver: TestReceiver | undefined;

  beforeEach(async () => {
    mock = await startMockServer({ clock: 'virtual', ...options });
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await mock?.stop();
    await receiver?.close();
    mock = undefined;
    receiver = undefined;
  });

  const started = (): { mock: MockServer; receiver: TestReceiver } => {
    if (!mock || !receiver) throw new Error('the mock fixture is used outside a test');
    return { mock, receiver };
  };

  return {
    get mock() {
      return started().mock;
    },
    get receiver() {
      return started().receiver;
    },
    request(method, path, requestOptions = {}) {
      const { headers, extraHeaders = {}, tenant = TENANT_A, ...rest } = requestOptions;
      return call(started().mock.url, method, path, {
        ...rest,
        headers: headers ?? os1Headers(tenant, extraHeaders),
      });
    },
    settle(ms = 1000) {
      return started().mock.core.scheduler.advance(ms);
    },
    async callbackFor(id, predicate = () => true) {
      const record = await started().mock.core.deliveries.waitFor(
        (candidate) => candidate.payload.data.id === id && predicate(candidate),
        { timeoutMs: 2000 },
      );
      expectConforms('callback-payload.json', JSON.parse(record.body));
      return record;
    },
    callback(meta?: unknown) {
      const url = started().receiver.url;
      return { callback: meta === undefined ? { url } : { url, meta } };
    },
  };
}

/** Asserts that a document matches its contract schema, showing the first problem if not. */
export function expectConforms(schema: SchemaId, value: unknown): void {
  expect(findProblem(schema, value), `conforms to ${schema}`).toBeNull();
}

/** Tenant A's OS1 headers without the named ones (names are case-insensitive). */
export function headersWithout(...names: string[]): Record<string, string> {
  const drop = new Set(names.map((name) => name.toLowerCase()));
  return Object.fromEntries(
    Object.entries(os1Headers(TENANT_A)).filter(([name]) => !drop.has(name.toLowerCase())),
  );
}

/** Asserts OS1's 202 envelope exactly: `{data: {id}, request: {uri, method, queryString, body}}`. */
export function expectAccepted(
  response: ApiResponse,
  request: { uri: string; method: string; body: unknown; queryString?: string },
): string {
  expect(response.status).toBe(202);
  expect(response.body).toEqual({
    data: { id: expect.any(String) },
    request: {
      uri: request.uri,
      method: request.method,
      queryString: request.queryString ?? '',
      body: request.body,
    },
  });
  return response.body.data.id as string;
}

/**
 * Asserts OS1's error envelope exactly, with the catalogue's status and code, and that the
 * description names what was wrong (`mentions`).
 */
export function expectError(
  response: ApiResponse,
  name: ErrorName,
  mentions: string | RegExp,
  additionalInfo: Record<string, unknown> = {},
): void {
  const definition = ERRORS[name];
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({
    status: definition.status,
    code: definition.code,
  });
  expect(response.body).toEqual({
    error: {
      code: definition.code,
      description: expect.any(String),
      additionalInfo: { error: name, ...additionalInfo },
    },
    request: {
      uri: expect.any(String),
      method: expect.any(String),
      queryString: expect.any(String),
      body: expect.anything(),
    },
  });
  const description = response.body.error.description as string;
  if (typeof mentions === 'string') expect(description).toContain(mentions);
  else expect(description).toMatch(mentions);
}
