import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transport } from '../../mock-server/delivery/transport.js';
import type { ErrorName } from '../../mock-server/errors.js';
import { ERRORS } from '../../mock-server/errors.js';
import { adminRouters } from '../../mock-server/http/routes/admin-routers.js';
import { authRoutes } from '../../mock-server/http/routes/auth.js';
import { containerRoutes } from '../../mock-server/http/routes/containers.js';
import { entityRoutes } from '../../mock-server/http/routes/entities.js';
import { participantRoutes } from '../../mock-server/http/routes/participants.js';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { ALL_SCHEMAS, type SchemaId } from '../../mock-server/validation/schemas.js';
import type { Endpoint, Fixtures, PathParam } from '../support/endpoints.js';
import {
  createFixtures,
  ENDPOINTS,
  fillPath,
  pathParams,
  validBody,
} from '../support/endpoints.js';
import type { RawRequest, RawResponse } from '../support/raw-request.js';
import { latin1, mapLimit, rawRequest } from '../support/raw-request.js';

/**
 * A malformed-input sweep over every endpoint: each bad request must get a 4xx in OS1's error
 * envelope (or a 2xx where the input is valid after all), never a 500, a hang or a crash, and the
 * server must stay healthy afterwards.
 */

/** Requests in flight at once: enough to keep 2 cores busy. */
const CONCURRENCY = 16;
const ONE_MIB = 1_048_576;
const TENANT = 'sweep-tenant';

type Expectation =
  /** A 4xx with OS1's error envelope; optionally exactly this catalogue entry and details. */
  | { kind: 'error'; status?: number; error?: ErrorName; info?: Record<string, unknown> }
  /** A 2xx: the input was valid after all. */
  | { kind: 'success' }
  /** Either of the above, never anything else. */
  | { kind: 'any' };

interface Case {
  label: string;
  request: RawRequest;
  expect: Expectation;
}

type BodyEndpoint = Endpoint & { body: SchemaId };

const refused = (error: ErrorName, info?: Record<string, unknown>): Expectation => ({
  kind: 'error',
  status: ERRORS[error].status,
  error,
  ...(info ? { info } : {}),
});
const SUCCESS: Expectation = { kind: 'success' };
const ANY: Expectation = { kind: 'any' };
const CLIENT_ERROR: Expectation = { kind: 'error' };

/** A valid call: 2xx, unless an earlier valid call changed what this one answers. */
const valid = (endpoint: Endpoint): Expectation => (endpoint.repeatable ? SUCCESS : ANY);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const safeDecode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** What is wrong with OS1's error envelope in `response`, or null when it is well formed. */
function envelopeProblem(response: RawResponse): string | null {
  const body = response.json;
  if (!isRecord(body)) return `body is not a JSON object: ${response.text.slice(0, 200)}`;
  const { error, request } = body;
  if (!isRecord(error)) return 'no error object';
  if (typeof error.code !== 'string' || !/^\d{12}$/.test(error.code))
    return `error.code ${JSON.stringify(error.code)} is not a 12-digit string`;
  if (typeof error.description !== 'string' || error.description === '')
    return 'error.description is empty';
  if (!isRecord(error.additionalInfo)) return 'error.additionalInfo is not an object';
  if (!isRecord(request)) return 'no request object';
  for (const key of ['uri', 'method', 'queryString'] as const) {
    if (typeof request[key] !== 'string') return `request.${key} is not a string`;
  }
  if (!('body' in request)) return 'request.body is missing';
  return null;
}

function problemWith(response: RawResponse, expectation: Expectation): string | null {
  const { status } = response;
  const is2xx = status >= 200 && status < 300;
  const is4xx = status >= 400 && status < 500;
  const answered = `answered ${status} ${response.text.slice(0, 300)}`;
  if (expectation.kind === 'success') return is2xx ? null : `expected 2xx, ${answered}`;
  if (expectation.kind === 'any' && is2xx) return null;
  if (!is4xx) return `expected 4xx, ${answered}`;
  const malformed = envelopeProblem(response);
  if (malformed) return `${malformed}; ${answered}`;
  if (expectation.kind === 'any') return null;
  if (expectation.status !== undefined && status !== expectation.status)
    return `expected ${expectation.status}, ${answered}`;
  const error = (response.json as { error: { code: string; additionalInfo: object } }).error;
  if (expectation.error && error.code !== ERRORS[expectation.error].code)
    return `expected ${expectation.error} (${ERRORS[expectation.error].code}), ${answered}`;
  for (const [key, wanted] of Object.entries(expectation.info ?? {})) {
    const actual = (error.additionalInfo as Record<string, unknown>)[key];
    const ok =
      wanted instanceof RegExp
        ? typeof actual === 'string' && wanted.test(actual)
        : actual === wanted;
    if (!ok) return `expected additionalInfo.${key} ${String(wanted)}, ${answered}`;
  }
  return null;
}

/** Runs every case with bounded concurrency; answers one line per case that misbehaved. */
async function sweep(mock: MockServer, cases: readonly Case[]): Promise<string[]> {
  const problems = await mapLimit(cases, CONCURRENCY, async (testCase) => {
    try {
      const response = await rawRequest(mock.url, testCase.request);
      const problem = problemWith(response, testCase.expect);
      return problem ? `${testCase.label}: ${problem}` : null;
    } catch (error) {
      return `${testCase.label}: no answer (${(error as Error).message})`;
    }
  });
  return problems.filter((problem): problem is string => problem !== null);
}

let requestCounter = 0;

/** The headers a well-formed request carries; `overrides` replace them, `undefined` drops one. */
function headersFor(
  endpoint: Endpoint,
  overrides: Record<string, string | string[] | undefined> = {},
): Record<string, string | string[]> {
  const headers: Record<string, string | string[] | undefined> = {
    ...(endpoint.body ? { 'content-type': 'application/json' } : {}),
    ...(endpoint.os1
      ? {
          'x-coreos-access': 'sweep-token',
          'x-coreos-tid': TENANT,
          'x-coreos-request-id': `sweep-${++requestCounter}`,
          'x-coreos-origin-token': 'sweep-token',
          'x-coreos-userinfo': '{"id":"sweeper","name":"malformed input sweep"}',
        }
      : {}),
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(headers).filter(
      (entry): entry is [string, string | string[]] => entry[1] !== undefined,
    ),
  );
}

const label = (endpoint: Endpoint, what: string) =>
  `${endpoint.method} ${endpoint.path} (${endpoint.name}) ${what}`;

/** A well-formed request to `endpoint`, with what a case changes laid over it. */
function requestTo(
  endpoint: Endpoint,
  fixtures: Fixtures,
  change: {
    body?: string | Buffer;
    headers?: Record<string, string | string[] | undefined>;
    raw?: Partial<Record<PathParam, string>>;
    query?: string;
    chunked?: boolean;
  } = {},
): RawRequest {
  const body =
    change.body ?? (endpoint.body ? JSON.stringify(validBody(endpoint.body, fixtures)) : undefined);
  return {
    method: endpoint.method,
    path: `${fillPath(endpoint.path, fixtures, change.raw)}${change.query ?? ''}`,
    headers: headersFor(endpoint, change.headers),
    ...(body === undefined ? {} : { body }),
    ...(change.chunked ? { chunked: true } : {}),
  };
}

const bodyCase = (
  endpoint: BodyEndpoint,
  fixtures: Fixtures,
  what: string,
  body: string | Buffer,
  expectation: Expectation,
  headers: Record<string, string | string[] | undefined> = {},
): Case => ({
  label: label(endpoint, what),
  request: requestTo(endpoint, fixtures, { body, headers }),
  expect: expectation,
});

// Case generators for endpoints that take a body, shared by both servers below.

function validBodyCases(endpoint: BodyEndpoint, fixtures: Fixtures): Case[] {
  const body = JSON.stringify(validBody(endpoint.body, fixtures));
  return [bodyCase(endpoint, fixtures, 'valid body', body, valid(endpoint))];
}

/** Bodies that may also be an array of the schema's objects, all or none (POST /__admin/scenarios). */
const TAKES_ARRAYS: ReadonlySet<SchemaId> = new Set<SchemaId>(['scenario-rule.json']);

function notObjectCases(endpoint: BodyEndpoint, fixtures: Fixtures): Case[] {
  return ['', 'null', '[]', '[1,2]', '"string"', '123', 'true', '0', '""'].map((text) => {
    // An array of rules whose first is not an object: the error names that item.
    const field = text === '[1,2]' && TAKES_ARRAYS.has(endpoint.body) ? '[0]' : 'body';
    return bodyCase(
      endpoint,
      fixtures,
      `body ${JSON.stringify(text)}`,
      text,
      refused('VALIDATION_FAILED', { field }),
    );
  });
}

function invalidJsonCases(endpoint: BodyEndpoint, fixtures: Fixtures): Case[] {
  const broken = [
    '{',
    '{"callback":',
    '{"callback": {"url": "http://x"',
    '[1,',
    '{"a":1}}',
    '{"a":1,}',
    "{'a':1}",
    'NaN',
    'undefined',
    '{"a":1} trailing',
    ' ',
    '\u0000',
  ];
  return broken.map((text) =>
    bodyCase(endpoint, fixtures, `body ${JSON.stringify(text)}`, text, refused('INVALID_JSON')),
  );
}

function notUtf8Cases(endpoint: BodyEndpoint, fixtures: Fixtures): Case[] {
  const wrap = (bytes: number[]) =>
    Buffer.concat([Buffer.from('{"scannableId":"'), Buffer.from(bytes), Buffer.from('"}')]);
  const invalid: Array<[string, Buffer]> = [
    ['a lone 0xff', wrap([0xff])],
    ['a cut multi-byte sequence', wrap([0xe2, 0x82])],
    ['an overlong slash', wrap([0xc0, 0xaf])],
    ['an encoded surrogate', wrap([0xed, 0xa0, 0x80])],
    ['latin1 text', Buffer.from('{"scannableId":"café"}', 'latin1')],
  ];
  return invalid.map(([what, bytes]) =>
    bodyCase(endpoint, fixtures, what, bytes, refused('INVALID_JSON')),
  );
}

function bomCases(endpoint: BodyEndpoint, fixtures: Fixtures): Case[] {
  const body = `\uFEFF${JSON.stringify(validBody(endpoint.body, fixtures))}`;
  return [bodyCase(endpoint, fixtures, 'valid body after a BOM', body, valid(endpoint))];
}

function deepCases(endpoint: BodyEndpoint, fixtures: Fixtures): Case[] {
  const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  return [
    bodyCase(endpoint, fixtures, '1,000 levels of [', nested(1000), refused('JSON_TOO_DEEP')),
    bodyCase(endpoint, fixtures, '100,000 levels of [', nested(100_000), refused('JSON_TOO_DEEP')),
    bodyCase(
      endpoint,
      fixtures,
      '1,000 levels of {"a":',
      `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`,
      refused('JSON_TOO_DEEP'),
    ),
    bodyCase(
      endpoint,
      fixtures,
      '100,000 unclosed [',
      '['.repeat(100_000),
      refused('INVALID_JSON'),
    ),
    bodyCase(
      endpoint,
      fixtures,
      'a deep value inside a valid body',
      `{"callback":{"url":"http://127.0.0.1:9/cb","meta":${nested(1000)}}}`,
      refused('JSON_TOO_DEEP'),
    ),
  ];
}

function wrongTypeCases(endpoint: BodyEndpoint, fixtures: Fixtures): Case[] {
  const base = validBody(endpoint.body, fixtures);
  return Object.entries(fieldKinds(endpoint.body)).flatMap(([field, kind]) =>
    WRONG_VALUES[kind].map((value) =>
      bodyCase(
        endpoint,
        fixtures,
        `${field} (${kind}) = ${JSON.stringify(value)}`,
        JSON.stringify({ ...base, [field]: value }),
        refused('VALIDATION_FAILED', { field: new RegExp(`^${field}\\b`) }),
      ),
    ),
  );
}

function prototypeKeyCases(endpoint: BodyEndpoint, fixtures: Fixtures): Case[] {
  const poison = '{"polluted":"yes"}';
  const base = JSON.stringify(validBody(endpoint.body, fixtures));
  const rest = base === '{}' ? '}' : `,${base.slice(1)}`;
  return [
    bodyCase(endpoint, fixtures, 'top-level __proto__', `{"__proto__":${poison}${rest}`, ANY),
    bodyCase(
      endpoint,
      fixtures,
      'constructor.prototype',
      `{"constructor":{"prototype":${poison}}${rest}`,
      ANY,
    ),
    bodyCase(
      endpoint,
      fixtures,
      'nested __proto__',
      `{"properties":{"__proto__":${poison}},"attributes":{"__proto__":${poison}}${rest}`,
      ANY,
    ),
  ];
}

function tooLargeCases(endpoint: BodyEndpoint, fixtures: Fixtures): Case[] {
  const huge = `{"scannableId":"${'x'.repeat(ONE_MIB)}"}`;
  return [
    bodyCase(endpoint, fixtures, 'body over 1 MiB', huge, refused('PAYLOAD_TOO_LARGE')),
    {
      label: label(endpoint, 'chunked body over 1 MiB'),
      request: requestTo(endpoint, fixtures, { body: huge, chunked: true }),
      expect: refused('PAYLOAD_TOO_LARGE'),
    },
  ];
}

function contentTypeCases(endpoint: BodyEndpoint, fixtures: Fixtures): Case[] {
  const wrong = [
    'text/plain',
    'application/x-www-form-urlencoded',
    undefined,
    'application/json; charset=latin1',
    'application/json; charset=iso-8859-1',
    'multipart/form-data; boundary=x',
    'application/jsonp',
    'json',
    'text/json',
  ];
  const right = [
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'APPLICATION/JSON',
    'application/vnd.api+json',
  ];
  // A valid body of its own for each case (a scenario rule's name can be added only once).
  const body = () => JSON.stringify(validBody(endpoint.body, fixtures));
  return [
    ...wrong.map((type) =>
      bodyCase(
        endpoint,
        fixtures,
        `content-type ${type ?? '(missing)'}`,
        body(),
        refused('UNSUPPORTED_MEDIA_TYPE'),
        { 'content-type': type },
      ),
    ),
    ...right.map((type) =>
      bodyCase(endpoint, fixtures, `content-type ${type}`, body(), valid(endpoint), {
        'content-type': type,
      }),
    ),
  ];
}

const BODY_GENERATORS = [
  validBodyCases,
  notObjectCases,
  invalidJsonCases,
  notUtf8Cases,
  bomCases,
  deepCases,
  wrongTypeCases,
  prototypeKeyCases,
  tooLargeCases,
  contentTypeCases,
];

const hasBody = (endpoint: Endpoint): endpoint is BodyEndpoint => endpoint.body !== null;

describe('malformed input on every endpoint', () => {
  let mock: MockServer;
  let fixtures: Fixtures;
  const bugs: string[] = [];
  const answerCallbacks: Transport = async () => ({ statusCode: 200, headers: {}, body: 'ok' });

  beforeAll(async () => {
    const logger = pino({ level: 'error' }, { write: (line: string) => bugs.push(line) });
    mock = await startMockServer({ clock: 'virtual', transport: answerCallbacks, logger });
    fixtures = await createFixtures(mock, TENANT);
  });

  afterAll(async () => {
    await mock?.stop();
  });

  const swept = ENDPOINTS.filter((endpoint) => !endpoint.destructive);
  const withBody = swept.filter(hasBody);
  const casesFor = (generator: (endpoint: BodyEndpoint, fixtures: Fixtures) => Case[]) =>
    withBody.flatMap((endpoint) => generator(endpoint, fixtures));

  it('lists every route the mock registers, so the sweep misses none', () => {
    const shape = (path: string) =>
      path
        .split('?')[0]
        ?.replace(/\{\w+\}|:\w+/g, '{}')
        .replace(/(.)\/$/, '$1');
    const registered = [
      ...adminRouters(mock.core),
      authRoutes(mock.core),
      participantRoutes(mock.core),
      containerRoutes(mock.core),
      entityRoutes(mock.core),
    ].flatMap((router) =>
      router.stack.flatMap((layer) =>
        layer.methods
          .filter((method) => method !== 'HEAD')
          .map((method) => `${method} ${shape(layer.path as string)}`),
      ),
    );
    const listed = ENDPOINTS.map((endpoint) => `${endpoint.method} ${shape(endpoint.path)}`);
    expect([...new Set(listed)].sort()).toEqual([...new Set(registered)].sort());
  });

  it('accepts the valid body of every endpoint, so each refusal below is about the bad input', async () => {
    expect(await sweep(mock, casesFor(validBodyCases))).toEqual([]);
  });

  it('refuses an empty body and JSON that is not an object with a 400 naming the body', async () => {
    expect(await sweep(mock, casesFor(notObjectCases))).toEqual([]);
  });

  it('refuses truncated or otherwise invalid JSON with a 400 invalid-JSON error', async () => {
    expect(await sweep(mock, casesFor(invalidJsonCases))).toEqual([]);
  });

  it('refuses bytes that are not UTF-8 with a 400 instead of reading them as replacement characters', async () => {
    expect(await sweep(mock, casesFor(notUtf8Cases))).toEqual([]);
  });

  it('ignores a UTF-8 byte order mark before a valid body, as RFC 8259 allows', async () => {
    expect(await sweep(mock, casesFor(bomCases))).toEqual([]);
  });

  it('refuses JSON nested 1,000 and 100,000 levels deep with a 400', async () => {
    expect(await sweep(mock, casesFor(deepCases))).toEqual([]);
  });

  it('refuses a field of the wrong type with a 400 naming that field', async () => {
    const cases = casesFor(wrongTypeCases);
    expect(cases.length).toBeGreaterThan(200);
    expect(await sweep(mock, cases)).toEqual([]);
  });

  it('refuses a callback that is not an absolute http(s) URL or {url, meta} with a 400 naming callback', async () => {
    const long = `http://127.0.0.1:9/${'a'.repeat(5000)}`;
    const bad: unknown[] = [
      'ftp://x',
      'not a url',
      'http://',
      'https://',
      '',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'http://[::1',
      '/relative/path',
      long,
      { url: 5 },
      { url: 'http://127.0.0.1:9/cb', extra: 1 },
      { url: long },
      { url: '' },
      { url: null },
      { meta: {} },
      {},
      [],
      ['http://127.0.0.1:9/cb'],
      5,
      true,
      null,
    ];
    const good: unknown[] = [
      'http://127.0.0.1:9/cb',
      { url: 'https://example.test/cb', meta: { orderId: 7 } },
      { url: 'http://127.0.0.1:9/cb', meta: null },
    ];
    const cases = withBody
      .filter((endpoint) => 'callback' in fieldKinds(endpoint.body))
      .flatMap((endpoint) => {
        const base = validBody(endpoint.body, fixtures);
        const withCallback = (callback: unknown) => JSON.stringify({ ...base, callback });
        return [
          ...bad.map((callback) =>
            bodyCase(
              endpoint,
              fixtures,
              `callback ${JSON.stringify(callback).slice(0, 60)}`,
              withCallback(callback),
              refused('VALIDATION_FAILED', { field: /^callback\b/ }),
            ),
          ),
          ...good.map((callback) =>
            bodyCase(
              endpoint,
              fixtures,
              `callback ${JSON.stringify(callback)}`,
              withCallback(callback),
              valid(endpoint),
            ),
          ),
        ];
      });
    expect(cases.length).toBeGreaterThan(300);
    expect(await sweep(mock, cases)).toEqual([]);
  });

  it('keeps a __proto__ or constructor key as plain data and pollutes no prototype', async () => {
    expect(await sweep(mock, casesFor(prototypeKeyCases))).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 413 to a body over the 1 MiB limit, whether its length is declared or chunked', async () => {
    expect(await sweep(mock, casesFor(tooLargeCases))).toEqual([]);
  });

  it('answers 415 to a JSON body sent with another content type, and accepts JSON media types', async () => {
    expect(await sweep(mock, casesFor(contentTypeCases))).toEqual([]);
  });

  it('refuses missing, empty, oversized and malformed X-COREOS headers on every OS1 endpoint', async () => {
    type HeaderCase = [string, Record<string, string | string[] | undefined>, Expectation];
    const unauthorized = refused('UNAUTHORIZED', { header: 'X-COREOS-ACCESS' });
    const missing = (header: string) => refused('MISSING_HEADER', { header });
    const invalid = (header: string) => refused('INVALID_HEADER', { header });
    const drop = (name: string) => ({ [name]: undefined });
    const headerCases: HeaderCase[] = [
      ['no X-COREOS-ACCESS', drop('x-coreos-access'), unauthorized],
      ['empty X-COREOS-ACCESS', { 'x-coreos-access': '' }, unauthorized],
      ['blank X-COREOS-ACCESS', { 'x-coreos-access': '   ' }, unauthorized],
      ['X-COREOS-ACCESS "Bearer" alone', { 'x-coreos-access': 'Bearer' }, unauthorized],
      ['X-COREOS-ACCESS "Bearer "', { 'x-coreos-access': 'Bearer  ' }, unauthorized],
      ['X-COREOS-ACCESS with a space inside', { 'x-coreos-access': 'two words' }, unauthorized],
      ['X-COREOS-ACCESS of 12,000 chars', { 'x-coreos-access': 't'.repeat(12_000) }, unauthorized],
      ['non-ASCII X-COREOS-ACCESS', { 'x-coreos-access': latin1('tökén') }, unauthorized],
      ['X-COREOS-ACCESS "Bearer <token>"', { 'x-coreos-access': 'Bearer abc.def' }, SUCCESS],
      ['no X-COREOS-TID', drop('x-coreos-tid'), missing('X-COREOS-TID')],
      ['empty X-COREOS-TID', { 'x-coreos-tid': '' }, missing('X-COREOS-TID')],
      ['X-COREOS-TID with spaces', { 'x-coreos-tid': 'my tenant' }, invalid('X-COREOS-TID')],
      ['X-COREOS-TID of 200 chars', { 'x-coreos-tid': 't'.repeat(200) }, invalid('X-COREOS-TID')],
      ['non-ASCII X-COREOS-TID', { 'x-coreos-tid': latin1('ténant') }, invalid('X-COREOS-TID')],
      ['X-COREOS-TID sent twice', { 'x-coreos-tid': ['a', 'b'] }, invalid('X-COREOS-TID')],
      ['no X-COREOS-REQUEST-ID', drop('x-coreos-request-id'), missing('X-COREOS-REQUEST-ID')],
      ['empty X-COREOS-REQUEST-ID', { 'x-coreos-request-id': '' }, missing('X-COREOS-REQUEST-ID')],
      [
        'X-COREOS-REQUEST-ID of 300 chars',
        { 'x-coreos-request-id': 'r'.repeat(300) },
        invalid('X-COREOS-REQUEST-ID'),
      ],
      [
        'non-ASCII X-COREOS-REQUEST-ID',
        { 'x-coreos-request-id': latin1('réquest') },
        invalid('X-COREOS-REQUEST-ID'),
      ],
      [
        'X-COREOS-USERINFO not JSON',
        { 'x-coreos-userinfo': 'not json' },
        invalid('X-COREOS-USERINFO'),
      ],
      [
        'X-COREOS-USERINFO a JSON array',
        { 'x-coreos-userinfo': '[1,2]' },
        invalid('X-COREOS-USERINFO'),
      ],
      ['X-COREOS-USERINFO null', { 'x-coreos-userinfo': 'null' }, invalid('X-COREOS-USERINFO')],
      ['X-COREOS-USERINFO a string', { 'x-coreos-userinfo': '"me"' }, invalid('X-COREOS-USERINFO')],
      [
        'X-COREOS-USERINFO truncated',
        { 'x-coreos-userinfo': '{"id":' },
        invalid('X-COREOS-USERINFO'),
      ],
      [
        'X-COREOS-USERINFO of 9,000 chars',
        { 'x-coreos-userinfo': `{"id":"${'u'.repeat(9000)}"}` },
        invalid('X-COREOS-USERINFO'),
      ],
      ['X-COREOS-USERINFO with an object id', { 'x-coreos-userinfo': '{"id":{"a":1}}' }, SUCCESS],
      [
        'X-COREOS-CALLBACK-SECRET with spaces',
        { 'x-coreos-callback-secret': 'my secret' },
        invalid('X-COREOS-CALLBACK-SECRET'),
      ],
      [
        'non-ASCII X-COREOS-CALLBACK-SECRET',
        { 'x-coreos-callback-secret': latin1('sécret') },
        invalid('X-COREOS-CALLBACK-SECRET'),
      ],
      [
        'X-COREOS-CALLBACK-SECRET of 2,000 chars',
        { 'x-coreos-callback-secret': 's'.repeat(2000) },
        invalid('X-COREOS-CALLBACK-SECRET'),
      ],
      ['base64 X-COREOS-CALLBACK-SECRET', { 'x-coreos-callback-secret': 'c2VjcmV0Kw==' }, SUCCESS],
    ];
    const cases = swept
      .filter((endpoint) => endpoint.os1)
      .flatMap((endpoint) => {
        const writes = endpoint.method !== 'GET';
        const all: HeaderCase[] = [
          ...headerCases,
          [
            'no X-COREOS-ORIGIN-TOKEN',
            drop('x-coreos-origin-token'),
            writes ? missing('X-COREOS-ORIGIN-TOKEN') : SUCCESS,
          ],
        ];
        return all.map(
          ([what, headers, expectation]): Case => ({
            label: label(endpoint, what),
            request: requestTo(endpoint, fixtures, { headers }),
            expect: expectation === SUCCESS ? valid(endpoint) : expectation,
          }),
        );
      });
    expect(await sweep(mock, cases)).toEqual([]);
  });

  it('ignores X-COREOS headers on the auth and admin endpoints, which do not use them', async () => {
    const junk = {
      'x-coreos-access': '',
      'x-coreos-tid': 'has spaces',
      'x-coreos-userinfo': '[1,2]',
      'x-coreos-callback-secret': 'has spaces',
    };
    const cases = swept
      .filter((endpoint) => !endpoint.os1)
      .map(
        (endpoint): Case => ({
          label: label(endpoint, 'junk X-COREOS headers'),
          request: requestTo(endpoint, fixtures, { headers: junk }),
          expect: valid(endpoint),
        }),
      );
    expect(await sweep(mock, cases)).toEqual([]);
  });

  it('answers odd ids and types in the path with a 4xx envelope', async () => {
    const planted = [
      '%',
      '%zz',
      '%E0%A4%A',
      'a%2Fb',
      '%2F',
      '%2F..%2F..%2F__admin%2Freset',
      '..',
      '%2E%2E',
      'a%00b',
      '%C0%AF',
      '%EF%BF%BF',
      encodeURIComponent('ünïcødé-идентификатор-🚚'),
      'x'.repeat(5000),
      `bag:${'9'.repeat(5000)}`,
      'constructor',
      '__proto__',
      'hasOwnProperty',
    ];
    // Entity types need no set-up: any name of letters, digits and . _ - is a real (empty) one.
    // The admin secret routes take any well-formed tenant id, registered or not.
    const anyName = /^[A-Za-z0-9._-]{1,128}$/;
    const expectFor = (param: PathParam, value: string): Expectation =>
      (param === 'appId' || param === 'entityType' || param === 'tenantId') &&
      anyName.test(safeDecode(value))
        ? ANY
        : CLIENT_ERROR;
    const cases = swept.flatMap((endpoint) =>
      pathParams(endpoint.path).flatMap((param) =>
        planted.map(
          (value): Case => ({
            label: label(endpoint, `${param} = ${value.slice(0, 40)}`),
            request: requestTo(endpoint, fixtures, { raw: { [param]: value } }),
            expect: expectFor(param, value),
          }),
        ),
      ),
    );
    expect(cases.length).toBeGreaterThan(300);
    expect(await sweep(mock, cases)).toEqual([]);
  });

  it('answers paths and methods no endpoint has with a 404 or 405 envelope', async () => {
    const oddPaths = [
      '/',
      '/%',
      '/core',
      '/core/api/v2',
      '/core/api/v2/',
      '/core/api/v2/%',
      '/core/api/v2/unknown-service',
      '//core/api/v2/containers/bag',
      '/core/api/v2/containers/bag/../../participants/vehicles',
      '/core/api/v2/containers/bag/a/b/c/d',
      `/core/api/v2/containers/${'a'.repeat(8000)}`,
      '/core/api/v2/entity/apps',
      '/core/api/v2/entity/apps/app1',
      '/core/api/v1/aaa/auth/client-credentials/%',
      '/__admin',
      '/__admin/%',
      '/__admin/unknown',
    ];
    const os1 = swept.find((endpoint) => endpoint.os1 && endpoint.body) as Endpoint;
    const pathCases = oddPaths.flatMap((odd) =>
      (['GET', 'POST'] as const).map(
        (method): Case => ({
          label: `${method} ${odd.slice(0, 80)}`,
          request: {
            method,
            path: odd,
            headers: headersFor(os1),
            ...(method === 'POST' ? { body: '{}' } : {}),
          },
          expect: CLIENT_ERROR,
        }),
      ),
    );
    const methodsOf = (template: string) =>
      ENDPOINTS.filter((endpoint) => endpoint.path === template).map(({ method }) => method);
    const methodCases = swept.flatMap((endpoint) =>
      (['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const)
        .filter((method) => !(methodsOf(endpoint.path) as string[]).includes(method))
        .map(
          (method): Case => ({
            label: label(endpoint, `as ${method}`),
            request: {
              ...requestTo(endpoint, fixtures, { headers: { 'content-type': 'application/json' } }),
              method,
              body: '{}',
            },
            expect: CLIENT_ERROR,
          }),
        ),
    );
    expect(await sweep(mock, [...pathCases, ...methodCases])).toEqual([]);
  });

  it('refuses bad list parameters with a 400 naming the parameter and accepts good ones', async () => {
    const bad = (parameter: string) => refused('INVALID_QUERY', { parameter });
    const query = (json: string) => `query=${encodeURIComponent(json)}`;
    // As deep as fits in Node's 16 KiB header limit once percent-encoded.
    const deepQuery = `${'{"op":"and","arr":['.repeat(300)}${']}'.repeat(300)}`;
    const queries: Array<[string, Expectation]> = [
      ['limit=-1', bad('limit')],
      ['limit=abc', bad('limit')],
      ['limit=99999', bad('limit')],
      ['limit=1.5', bad('limit')],
      ['limit=1e3', bad('limit')],
      ['limit=%', bad('limit')],
      ['limit=', bad('limit')],
      ['limit=0x10', bad('limit')],
      ['limit=9999999999999999999999', bad('limit')],
      ['limit=abc&limit=1', bad('limit')],
      ['offset=1e3', bad('offset')],
      ['offset=-5', bad('offset')],
      ['offset=abc', bad('offset')],
      ['query=not-json', bad('query')],
      [query('{"op":"xor"}'), bad('query')],
      [query('{"op":"xor","arr":[]}'), bad('query')],
      [query('{"op":"and"}'), bad('query')],
      [query('{"op":"and","arr":"x"}'), bad('query')],
      [query('{"op":"and","arr":[{"key":"a","expr":"regex"}]}'), bad('query')],
      [query('{"op":"and","arr":[{"key":"","expr":"eq"}]}'), bad('query')],
      [query('{"op":"and","arr":[],"__proto__":{"polluted":1}}'), bad('query')],
      ['query=null', bad('query')],
      ['query=%5B%5D', bad('query')],
      ['query=%7B', bad('query')],
      [query(deepQuery), ANY],
      ['limit=1&limit=abc', bad('limit')],
      ['limit=0', SUCCESS],
      ['limit=1000&offset=0', SUCCESS],
      ['offset=999999999', SUCCESS],
      ['sortBy=__proto__', bad('sortBy')],
      ['sortKey=constructor&sortBy=desc', bad('sortKey')],
      ['select=__proto__,constructor,,', bad('select')],
      [query('{"op":"or","arr":[]}'), SUCCESS],
      [query('{"op":"and","arr":[{"key":"__proto__.x","expr":"exists"}]}'), SUCCESS],
      ['%=1&a=%zz&=&&==', SUCCESS],
      ['query', SUCCESS],
    ];
    const listCases = swept
      .filter((endpoint) => endpoint.list)
      .flatMap((endpoint) =>
        queries.map(
          ([text, expectation]): Case => ({
            label: label(endpoint, `?${text.slice(0, 80)}`),
            request: requestTo(endpoint, fixtures, { query: `?${text}` }),
            expect: expectation,
          }),
        ),
      );
    const named = (name: string) => {
      const found = swept.find((endpoint) => endpoint.name === name);
      if (!found) throw new Error(`the endpoint list lost "${name}"`);
      return found;
    };
    const statusPath = fillPath('/core/api/v2/containers/{containerType}/batch/status', fixtures);
    const batchId = encodeURIComponent(fixtures.batchId);
    const otherCases: Array<[Endpoint, string, Expectation]> = [
      [named('container batch status'), statusPath, bad('batchId')],
      [named('container batch status'), `${statusPath}?batchId=`, bad('batchId')],
      [named('container batch status'), `${statusPath}?batchId=%`, refused('BATCH_NOT_FOUND')],
      [named('container batch status'), `${statusPath}?batchId=b:x`, refused('BATCH_NOT_FOUND')],
      [named('container batch status'), `${statusPath}?batchId=${batchId}&batchId=x`, SUCCESS],
      [named('container batch status'), `${statusPath}?id=${batchId}`, SUCCESS],
      [named('admin deliveries'), '/__admin/deliveries?state=bogus', bad('state')],
      [named('admin deliveries'), '/__admin/deliveries?service=bogus', bad('service')],
      [named('admin deliveries'), '/__admin/deliveries?state=delivered&state=bogus', bad('state')],
      [named('admin deliveries'), '/__admin/deliveries?tenant=%&url=%zz&eventType=', SUCCESS],
      [named('admin requests'), '/__admin/requests?status=99', bad('status')],
      [named('admin requests'), '/__admin/requests?status=abc', bad('status')],
      [named('admin requests'), '/__admin/requests?limit=0', bad('limit')],
      [named('admin requests'), '/__admin/requests?limit=-1', bad('limit')],
      [named('admin requests'), '/__admin/requests?limit=1&status=400&method=%', SUCCESS],
      [named('admin hook calls'), '/__admin/hook-calls?kind=bogus', bad('kind')],
      [named('admin hook calls'), '/__admin/hook-calls?outcome=bogus', bad('outcome')],
      [named('admin hook calls'), '/__admin/hook-calls?kind=OnRequest', bad('kind')],
      [named('admin hook calls'), '/__admin/hook-calls?kind=onRequest&kind=bogus', bad('kind')],
      [named('admin hook calls'), '/__admin/hook-calls?tenant=%&outcome=passed', SUCCESS],
    ];
    const bulk = named('admin bulk redeliver');
    const cases = [
      ...listCases,
      ...otherCases.map(
        ([endpoint, target, expectation]): Case => ({
          label: `${endpoint.name} ${target}`,
          request: { method: 'GET', path: target, headers: headersFor(endpoint) },
          expect: expectation,
        }),
      ),
      ...[
        ['?state=delivered', bad('state')],
        ['?state=bogus', bad('state')],
        ['?service=bogus', bad('service')],
        ['?state=dead&tenant=%', SUCCESS],
      ].map(
        ([text, expectation]): Case => ({
          label: label(bulk, text as string),
          request: requestTo(bulk, fixtures, { query: text as string }),
          expect: expectation as Expectation,
        }),
      ),
    ];
    expect(await sweep(mock, cases)).toEqual([]);
  });

  it('ignores junk query strings on endpoints that read no query', async () => {
    const junk = ['?', '?%', '?a=%zz', '?=&&=', `?${'q=1&'.repeat(500)}`, '?limit=abc'];
    const cases = swept
      .filter((endpoint) => !endpoint.readsQuery)
      .flatMap((endpoint) =>
        junk.map(
          (query): Case => ({
            label: label(endpoint, query.slice(0, 40)),
            request: requestTo(endpoint, fixtures, { query }),
            expect: valid(endpoint),
          }),
        ),
      );
    expect(await sweep(mock, cases)).toEqual([]);
  });

  it("answers requests that Node's HTTP parser refuses with a 4xx envelope and keeps serving", async () => {
    // Node refuses these before the app sees them; the server's clientError handler answers.
    const endpoint = swept.find((candidate) => candidate.name === 'container filter') as Endpoint;
    const good = requestTo(endpoint, fixtures);
    const refusedByParser: Array<[string, RawRequest, number]> = [
      [
        'headers over 16 KiB',
        { ...good, headers: { ...good.headers, 'x-padding': 'p'.repeat(20_000) } },
        431,
      ],
      ['a URL over 16 KiB', { ...good, path: `${good.path}?limit=${'1'.repeat(20_000)}` }, 431],
      [
        'raw UTF-8 bytes in the path',
        { ...good, path: `/core/api/v2/containers/bag/${latin1('ünï')}` },
        400,
      ],
      ['a space in the path', { ...good, path: '/core/api/v2/containers/bag /filter' }, 400],
      [
        'a control character in a header',
        { ...good, headers: { ...good.headers, 'x-coreos-tid': 'a\u0001b' } },
        400,
      ],
      [
        'a Content-Length that is not a number',
        { ...good, method: 'POST', headers: { ...good.headers, 'content-length': 'abc' } },
        400,
      ],
    ];
    const problems = await mapLimit(
      refusedByParser,
      CONCURRENCY,
      async ([what, request, status]) => {
        const response = await rawRequest(mock.url, request);
        if (response.status !== status)
          return `${what}: expected ${status}, got ${response.status}`;
        return envelopeProblem(response) === null ? null : `${what}: ${envelopeProblem(response)}`;
      },
    );
    expect(problems.filter(Boolean)).toEqual([]);
    expect((await rawRequest(mock.url, good)).status).toBe(200);
  });

  it('stays healthy after the sweep: health answers 200 and a container create still works', async () => {
    const health = await rawRequest(mock.url, { method: 'GET', path: '/__admin/health' });
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: 'ok' });

    const create = swept.find((endpoint) => endpoint.name === 'container create') as Endpoint;
    const headers = { 'x-coreos-tid': 'after-sweep' };
    const created = await rawRequest(
      mock.url,
      requestTo(create, fixtures, {
        headers,
        body: JSON.stringify({ scannableId: 'after-sweep', callback: 'http://127.0.0.1:9/after' }),
      }),
    );
    expect(created.status).toBe(202);
    const id = (created.json as { data: { id: string } }).data.id;
    await mock.core.scheduler.advance(60_000);
    await mock.core.deliveries.waitFor((record) => record.payload.data.id === id);
    const read = swept.find((endpoint) => endpoint.name === 'container get') as Endpoint;
    const fetched = await rawRequest(
      mock.url,
      requestTo(read, { ...fixtures, containerId: id }, { headers }),
    );
    expect(fetched.status).toBe(200);
    expect(fetched.json).toMatchObject({ data: { id, scannableId: 'after-sweep' } });

    expect(bugs).toEqual([]);
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('malformed input on the admin endpoints that reset or move the mock', () => {
  let mock: MockServer;
  let fixtures: Fixtures;

  beforeAll(async () => {
    const transport: Transport = async () => ({ statusCode: 200, headers: {}, body: 'ok' });
    mock = await startMockServer({ clock: 'virtual', transport });
    fixtures = await createFixtures(mock, TENANT);
  });

  afterAll(async () => {
    await mock?.stop();
  });

  const destructive = ENDPOINTS.filter((endpoint) => endpoint.destructive);

  it('answers every malformed body on the clock advance and the scenario rules with a 4xx envelope', async () => {
    const cases = destructive
      .filter(hasBody)
      .flatMap((endpoint) => BODY_GENERATORS.flatMap((generate) => generate(endpoint, fixtures)));
    expect(cases.length).toBeGreaterThan(50);
    expect(await sweep(mock, cases)).toEqual([]);
  });

  it('resets on any JSON or no body and answers a bad body with a 4xx envelope', async () => {
    const reset = destructive.find((endpoint) => endpoint.name === 'admin reset') as Endpoint;
    const cases: Array<[string, string | undefined, string | undefined, Expectation]> = [
      ['no body', undefined, undefined, SUCCESS],
      ['{}', '{}', 'application/json', SUCCESS],
      ['null', 'null', 'application/json', SUCCESS],
      ['[1,2]', '[1,2]', 'application/json', SUCCESS],
      ['truncated JSON', '{', 'application/json', refused('INVALID_JSON')],
      ['unclosed brackets', '[[[[', 'application/json', refused('INVALID_JSON')],
      [
        '1,000 levels',
        `${'['.repeat(1000)}${']'.repeat(1000)}`,
        'application/json',
        refused('JSON_TOO_DEEP'),
      ],
      ['text/plain', '{}', 'text/plain', refused('UNSUPPORTED_MEDIA_TYPE')],
      ['no content type', '{}', undefined, refused('UNSUPPORTED_MEDIA_TYPE')],
      ['over 1 MiB', `"${'x'.repeat(ONE_MIB)}"`, 'application/json', refused('PAYLOAD_TOO_LARGE')],
    ];
    const problems: string[] = [];
    for (const [what, body, type, expectation] of cases) {
      const request: RawRequest = {
        method: reset.method,
        path: reset.path,
        headers: type ? { 'content-type': type } : {},
        ...(body === undefined ? {} : { body }),
      };
      problems.push(
        ...(await sweep(mock, [{ label: label(reset, what), request, expect: expectation }])),
      );
    }
    expect(problems).toEqual([]);
    const health = await rawRequest(mock.url, { method: 'GET', path: '/__admin/health' });
    expect(health.status).toBe(200);
  });
});

// The kinds of top-level body field, read from the contract schemas, and values each kind refuses.

type FieldKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | 'enum'
  | 'callback'
  | 'hook';

const WRONG_VALUES: Record<FieldKind, readonly unknown[]> = {
  string: [123, true, null, [], {}],
  integer: ['1', 1.5, true, null, {}],
  number: ['1', true, null, []],
  boolean: ['true', 0, null, []],
  object: ['x', 1, [], null, true],
  array: ['x', 1, {}, null, true],
  enum: ['NOPE', 1, null, []],
  callback: [123, true, null, []],
  hook: [
    'http://127.0.0.1:9/hook',
    1,
    [],
    null,
    {},
    { url: 'http://127.0.0.1:9/hook', method: 'DELETE' },
    { url: 'http://127.0.0.1:9/hook', wait: 'yes' },
    { url: 'http://127.0.0.1:9/hook', acceptableStatusCodes: [99] },
    { url: 'http://127.0.0.1:9/hook', methodName: 'drop:OnRequest' },
    { url: 'ftp://x' },
  ],
};

const REF_KINDS: Record<string, FieldKind> = {
  'common.json#/$defs/callback': 'callback',
  'common.json#/$defs/hook': 'hook',
  'common.json#/$defs/code': 'string',
  'common.json#/$defs/name': 'string',
  'common.json#/$defs/properties': 'object',
  'common.json#/$defs/source': 'object',
  'config.json#/properties/callbacks/properties/scheme': 'enum',
  'scenario-rule.json#/$defs/match': 'object',
  'scenario-rule.json#/$defs/action': 'object',
};

interface PropertySchema {
  type?: unknown;
  $ref?: string;
  enum?: unknown[];
}

/** Each top-level field of a request schema and its kind; throws on a shape it does not know. */
function fieldKinds(id: SchemaId): Record<string, FieldKind> {
  const schema = ALL_SCHEMAS.find((candidate) => candidate.$id === id) as {
    properties?: Record<string, PropertySchema>;
  };
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([field, property]) => {
      const kind =
        typeof property.type === 'string'
          ? (property.type as FieldKind)
          : property.$ref
            ? REF_KINDS[property.$ref.startsWith('#') ? `${id}${property.$ref}` : property.$ref]
            : property.enum
              ? 'enum'
              : undefined;
      if (!kind || !(kind in WRONG_VALUES)) {
        throw new Error(
          `${id}: field ${field} has a shape the sweep does not know; add it to WRONG_VALUES`,
        );
      }
      return [field, kind];
    }),
  );
}
