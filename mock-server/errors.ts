/**
 * The one catalogue of errors the mock answers with. Every 4xx/5xx the API sends is built from an
 * entry here (see http/envelope.ts); docs/errors.md lists the same entries, and a test keeps the two
 * in sync. Codes marked `known` are OS1's own; the others are the mock's, in OS1's numeric format.
 */
export interface ErrorDefinition {
  readonly status: number;
  readonly code: string;
  readonly description: string;
  readonly known: boolean;
  /** Sent as the Retry-After header: the caller may try again after this many seconds. */
  readonly retryAfterSeconds?: number;
}

const define = <const T extends Record<string, ErrorDefinition>>(catalogue: T): T => catalogue;

export const ERRORS = define({
  MISSING_HEADER: {
    status: 400,
    code: '900000400001',
    description: 'A required header is missing or empty.',
    known: false,
  },
  INVALID_HEADER: {
    status: 400,
    code: '900000400002',
    description: 'A header has a value the API cannot use.',
    known: false,
  },
  INVALID_JSON: {
    status: 400,
    code: '900000400003',
    description: 'The request body is not valid JSON.',
    known: false,
  },
  VALIDATION_FAILED: {
    status: 400,
    code: '900000400004',
    description: 'The request body does not match the schema.',
    known: false,
  },
  INVALID_QUERY: {
    status: 400,
    code: '900000400005',
    description: 'A query parameter has a value the API cannot use.',
    known: false,
  },
  JSON_TOO_DEEP: {
    status: 400,
    code: '900000400006',
    description: 'The request body is nested too deeply.',
    known: false,
  },
  PARTICIPANT_TYPE_EXISTS: {
    status: 400,
    code: '101110522301',
    description: 'A participant type with this name already exists.',
    known: true,
  },
  CONTAINER_TYPE_EXISTS: {
    status: 400,
    code: '900000400007',
    description: 'A container type with this name already exists.',
    known: false,
  },
  HOOK_REJECTED: {
    status: 400,
    code: '900000400008',
    description:
      'The onRequest hook (wait: true, raiseErrorOnStatusMismatch: true) answered with a status outside acceptableStatusCodes, so the request failed at once.',
    known: false,
  },
  HOOK_DATA_INVALID: {
    status: 400,
    code: '900000400009',
    description: 'The fields the onRequest hook returned in data made the request body invalid.',
    known: false,
  },
  HOOK_UNREACHABLE: {
    status: 424,
    code: '900000424001',
    description:
      'The onRequest hook (wait: true, raiseErrorOnStatusMismatch: true) did not answer in time or could not be reached, so the request failed at once.',
    known: false,
  },
  INVALID_CREDENTIALS: {
    status: 401,
    code: '900000401001',
    description: 'The client id or client secret is wrong.',
    known: false,
  },
  UNAUTHORIZED: {
    status: 401,
    code: '900000401002',
    description: 'No valid access token.',
    known: false,
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    code: '900000404001',
    description: 'No OS1 endpoint has this method and path.',
    known: false,
  },
  PARTICIPANT_TYPE_NOT_FOUND: {
    status: 404,
    code: '900000404002',
    description: 'The participant type does not exist for this tenant.',
    known: false,
  },
  CONTAINER_TYPE_NOT_FOUND: {
    status: 404,
    code: '100920043304',
    description: 'The container type does not exist for this tenant.',
    known: true,
  },
  PARTICIPANT_NOT_FOUND: {
    status: 404,
    code: '900000404003',
    description: 'The participant does not exist for this tenant.',
    known: false,
  },
  CONTAINER_NOT_FOUND: {
    status: 404,
    code: '900000404004',
    description: 'The container does not exist for this tenant.',
    known: false,
  },
  ENTITY_NOT_FOUND: {
    status: 404,
    code: '900000404005',
    description: 'The entity does not exist for this tenant.',
    known: false,
  },
  BATCH_NOT_FOUND: {
    status: 404,
    code: '900000404006',
    description: 'The batch does not exist for this tenant.',
    known: false,
  },
  DELIVERY_NOT_FOUND: {
    status: 404,
    code: '900000404007',
    description: 'No callback delivery has this id.',
    known: false,
  },
  INVALID_PATH_PARAMETER: {
    status: 400,
    code: '900000400101',
    description:
      'A path parameter has a value the API cannot use, or the path has an invalid percent-escape.',
    known: false,
  },
  TENANT_SECRET_NOT_FOUND: {
    status: 404,
    code: '900000404101',
    description: 'No signing secret is registered for this tenant.',
    known: false,
  },
  DELIVERY_IN_PROGRESS: {
    status: 409,
    code: '900000409101',
    description: 'The delivery is not finished; only delivered or dead ones can be redelivered.',
    known: false,
  },
  CLOCK_NOT_VIRTUAL: {
    status: 409,
    code: '900000409102',
    description: 'Time can be moved only when the mock runs on the virtual clock.',
    known: false,
  },
  UNPARSEABLE_REQUEST: {
    status: 400,
    code: '900000400201',
    description: 'The HTTP request itself is malformed (Node refused to parse it).',
    known: false,
  },
  REQUEST_TIMEOUT: {
    status: 408,
    code: '900000408201',
    description: 'The request was not sent in full in time.',
    known: false,
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    code: '900000431201',
    description: 'The request line or headers are larger than 16 KiB.',
    known: false,
  },
  SCENARIO_NOT_FOUND: {
    status: 404,
    code: '900000404102',
    description: 'No failure-simulation rule has this name.',
    known: false,
  },
  SCENARIO_EXISTS: {
    status: 409,
    code: '900000409103',
    description: 'A failure-simulation rule with this name already exists.',
    known: false,
  },
  SIMULATED_BAD_REQUEST: {
    status: 400,
    code: '900000400501',
    description:
      'Failure simulation (a fail-sync rule or X-OS1-Mock-Status) failed the request with 400.',
    known: false,
  },
  SIMULATED_UNAUTHORIZED: {
    status: 401,
    code: '900000401501',
    description:
      'Failure simulation (a fail-sync rule or X-OS1-Mock-Status) failed the request with 401.',
    known: false,
  },
  SIMULATED_NOT_FOUND: {
    status: 404,
    code: '900000404501',
    description:
      'Failure simulation (a fail-sync rule or X-OS1-Mock-Status) failed the request with 404.',
    known: false,
  },
  SIMULATED_CONFLICT: {
    status: 409,
    code: '900000409501',
    description:
      'Failure simulation (a fail-sync rule or X-OS1-Mock-Status) failed the request with 409.',
    known: false,
  },
  SIMULATED_TOO_MANY_REQUESTS: {
    status: 429,
    code: '900000429501',
    description:
      'Failure simulation (a fail-sync rule or X-OS1-Mock-Status) failed the request with 429.',
    known: false,
  },
  SIMULATED_UNAVAILABLE: {
    status: 503,
    code: '900000503501',
    description:
      'Failure simulation (a fail-sync rule or X-OS1-Mock-Status) failed the request with 503.',
    known: false,
  },
  CALLBACK_BACKLOG_FULL: {
    status: 503,
    code: '900000503001',
    description:
      'Too many callbacks are waiting to be delivered (callbacks.maxPending), so the request was not accepted and nothing was stored. Retry after the Retry-After seconds; slow down, make the receiver answer faster, or raise --max-pending.',
    known: false,
    retryAfterSeconds: 1,
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    code: '900000405001',
    description: 'The path exists but not with this method.',
    known: false,
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    code: '900000413001',
    description: 'The request body is larger than the limit.',
    known: false,
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    code: '900000415001',
    description: 'The request body must be sent as application/json.',
    known: false,
  },
  INTERNAL: {
    status: 500,
    code: '900000500001',
    description: 'The mock failed unexpectedly. This is a bug in os1-mock: please report it.',
    known: false,
  },
});

export type ErrorName = keyof typeof ERRORS;

/** An error the API answers with: a catalogue entry plus what exactly went wrong and how to fix it. */
export class Os1Error extends Error {
  readonly definition: ErrorDefinition;
  readonly errorName: ErrorName;
  readonly additionalInfo: Record<string, unknown>;

  constructor(name: ErrorName, message: string, additionalInfo: Record<string, unknown> = {}) {
    super(message);
    this.name = 'Os1Error';
    this.errorName = name;
    this.definition = ERRORS[name];
    this.additionalInfo = additionalInfo;
  }

  get status(): number {
    return this.definition.status;
  }
}

export const os1Error = (
  name: ErrorName,
  message: string,
  additionalInfo: Record<string, unknown> = {},
): Os1Error => new Os1Error(name, message, additionalInfo);
