import { ERRORS } from '../errors.js';
import { ALL_SCHEMAS } from '../validation/schemas.js';

/**
 * The OpenAPI 3.1 description of the admin API (/__admin), served at GET /__admin/openapi.json.
 * Request and record shapes are the contracts' JSON Schemas, embedded under components.schemas with
 * their $refs pointed inside this document; a test checks that every admin route is described here
 * and that every path described here is a route.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The contract schemas the admin API uses directly; what they refer to is embedded as well. */
const ROOT_SCHEMAS = [
  'admin-delivery.json',
  'admin-tenant-secret.json',
  'admin-verify-request.json',
  'admin-clock-advance.json',
  'admin-hook-call.json',
  'callback-payload.json',
  'scenario-rule.json',
  'type-hooks.json',
] as const;

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string): JsonObject => ({
  description,
  content: { 'application/json': { schema } },
});
const errorResponse = (description: string): JsonObject =>
  json(ref('ErrorEnvelope'), `${description} (OS1's error envelope).`);
const query = (name: string, description: string, schema: JsonObject): JsonObject => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const pathParameter = (name: string, description: string): JsonObject => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const jsonBody = (schemaName: string): JsonObject => ({
  required: true,
  content: { 'application/json': { schema: ref(schemaName) } },
});

const DELIVERY_FILTERS: JsonObject[] = [
  query('state', 'Only deliveries in this state.', ref('DeliveryRecord/$defs/state')),
  query('tenant', 'Only callbacks of this tenant (X-COREOS-TID).', { type: 'string' }),
  query('service', 'Only callbacks of this service.', ref('CallbackPayload/$defs/service')),
  query('eventType', 'Only callbacks of this event type.', { type: 'string' }),
  query(
    'url',
    'Only callbacks to exactly this URL, as the request gave it (records show a password in it as ****).',
    { type: 'string' },
  ),
  query('eventId', "Only the callback with this payload's eventId.", { type: 'string' }),
];

const TENANT_PARAMETER = pathParameter(
  'tid',
  'Tenant id, as sent in X-COREOS-TID (1 to 128 letters, digits or . _ : @ -).',
);

const SCHEME_NAME = ref('MockConfig/properties/callbacks/properties/scheme');

const TENANT_SECRET_VIEW: JsonObject = {
  type: 'object',
  description: 'How a tenant\'s callbacks are signed. Secrets are masked ("abcd…**** (32 chars)").',
  properties: {
    tenantId: { type: 'string' },
    scheme: SCHEME_NAME,
    secret: {
      type: ['string', 'null'],
      description: "Masked; null when the server's secret signs.",
    },
    previousSecret: {
      type: ['string', 'null'],
      description: 'Masked previous secret, while its grace period lasts.',
    },
    previousValidUntil: { type: ['number', 'null'], description: 'Epoch ms on the mock clock.' },
  },
  required: ['tenantId', 'scheme', 'secret', 'previousSecret', 'previousValidUntil'],
};

const LOGGED_REQUEST: JsonObject = {
  type: 'object',
  description: 'One received API request. The access token is masked; secrets are never kept.',
  properties: {
    seq: { type: 'integer', minimum: 1 },
    at: { type: 'number', description: 'Arrival, epoch ms on the mock clock.' },
    method: { type: 'string' },
    path: { type: 'string' },
    query: { type: 'string' },
    tenantId: { type: ['string', 'null'] },
    requestId: { type: ['string', 'null'] },
    status: { type: 'integer' },
    errorCode: { type: ['string', 'null'] },
    durationMs: { type: 'number' },
    accessToken: { type: ['string', 'null'], description: 'Masked.' },
    callbackSecretSent: { type: 'boolean' },
  },
  required: [
    'seq',
    'at',
    'method',
    'path',
    'query',
    'tenantId',
    'requestId',
    'status',
    'errorCode',
    'durationMs',
    'accessToken',
    'callbackSecretSent',
  ],
};

const VERIFY_VERDICT: JsonObject = {
  type: 'object',
  properties: {
    valid: { type: 'boolean' },
    scheme: SCHEME_NAME,
    tenantId: { type: ['string', 'null'] },
    secretSource: {
      enum: ['request', 'tenant', 'server'],
      description:
        "Whose secret was checked: the request's X-COREOS-CALLBACK-SECRET, the tenant's, or the server's.",
    },
    failure: {
      enum: [
        'no-secret',
        'missing-signature',
        'malformed-signature',
        'signature-mismatch',
        'missing-timestamp',
        'timestamp-out-of-tolerance',
      ],
      description: 'When not valid: the kind of failure.',
    },
    reason: { type: 'string', description: 'When not valid: why, in words.' },
  },
  required: ['valid', 'scheme', 'tenantId', 'secretSource'],
};

const SCENARIO_VIEW: JsonObject = {
  type: 'object',
  description:
    'A loaded failure-simulation rule with how often it matched and fired since it was added.',
  properties: {
    rule: ref('ScenarioRule'),
    origin: {
      type: 'string',
      pattern: '^(config|admin|preset:.+)$',
      description:
        'Where the rule came from: the config file, the admin API, or a preset (preset:<name>).',
    },
    matched: {
      type: 'integer',
      minimum: 0,
      description: 'Accepted requests it matched: the index of its next seeded draw.',
    },
    fired: { type: 'integer', minimum: 0, description: 'Requests it was applied to.' },
  },
  required: ['rule', 'origin', 'matched', 'fired'],
};

const SCENARIO_LISTING_PROPERTIES: JsonObject = {
  seed: { type: 'integer', description: "The seed of every rule's draws (config seed)." },
  scenarios: {
    type: 'array',
    items: ref('ScenarioView'),
    description: 'Every rule, in the order they were added (the order they apply in).',
  },
};

const SCENARIO_LISTING: JsonObject = {
  type: 'object',
  properties: SCENARIO_LISTING_PROPERTIES,
  required: ['seed', 'scenarios'],
};

const SCENARIOS_REMOVED: JsonObject = {
  type: 'object',
  properties: {
    removed: { type: 'integer', minimum: 0, description: 'How many rules were removed.' },
    ...SCENARIO_LISTING_PROPERTIES,
  },
  required: ['removed', 'seed', 'scenarios'],
};

function paths(): JsonObject {
  return {
    '/__admin/health': {
      get: {
        operationId: 'health',
        summary:
          'Is the mock up, which clock it runs on, how many callbacks are pending (and the limit), how many objects are stored.',
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                status: { const: 'ok' },
                clock: { enum: ['real', 'virtual'] },
                now: { type: 'number' },
                pendingCallbacks: {
                  type: 'integer',
                  minimum: 0,
                  description:
                    'Callbacks not yet delivered or dead: accepted requests not yet processed that will send one, plus delivery records scheduled, delivering or retrying.',
                },
                maxPending: {
                  type: 'integer',
                  minimum: 0,
                  description:
                    'callbacks.maxPending (--max-pending): at this many pendingCallbacks a new request with a callback is answered 503 CALLBACK_BACKLOG_FULL with Retry-After. 0: no limit.',
                },
                refusedRequests: {
                  type: 'integer',
                  minimum: 0,
                  description:
                    'Requests answered 503 CALLBACK_BACKLOG_FULL since the start or the last reset (never accepted: nothing was stored or scheduled for them).',
                },
                storedObjects: {
                  type: 'integer',
                  minimum: 0,
                  description:
                    'Participants, containers, entities and batches stored, across tenants (at most store.maxObjects).',
                },
                evictedObjects: {
                  type: 'integer',
                  minimum: 0,
                  description:
                    'Objects forgotten, oldest first, to stay within store.maxObjects since the start or the last reset.',
                },
              },
              required: [
                'status',
                'clock',
                'now',
                'pendingCallbacks',
                'maxPending',
                'refusedRequests',
                'storedObjects',
                'evictedObjects',
              ],
              additionalProperties: false,
            },
            'Up.',
          ),
        },
      },
    },
    '/__admin/openapi.json': {
      get: {
        operationId: 'openApi',
        summary: 'This document.',
        responses: { 200: json({ type: 'object' }, 'The OpenAPI 3.1 description.') },
      },
    },
    '/__admin/deliveries': {
      get: {
        operationId: 'listDeliveries',
        summary: 'Delivery records, oldest first, filtered.',
        description:
          'Every scheduled callback is a record with every attempt. Finished records are kept up to callbacks.retainFinished.',
        parameters: DELIVERY_FILTERS,
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                deliveries: { type: 'array', items: ref('DeliveryRecord') },
                total: { type: 'integer' },
              },
              required: ['deliveries', 'total'],
            },
            'The matching records.',
          ),
          400: errorResponse(
            'A filter has a value the API cannot use, or a query parameter is not one of these filters or is given twice',
          ),
        },
      },
    },
    '/__admin/deliveries/redeliver': {
      post: {
        operationId: 'redeliverDead',
        summary: 'Sends every dead delivery that matches the filters again.',
        description:
          'Each one starts a new run of the retry schedule with the same eventId. state may be left out or be dead. The filters go in the query string: a query parameter that is not one of them, or a body, is refused (400) rather than ignored, so a typo never redelivers everything.',
        parameters: DELIVERY_FILTERS,
        responses: {
          202: json(
            {
              type: 'object',
              properties: {
                redelivered: { type: 'integer' },
                deliveries: { type: 'array', items: { type: 'string' } },
              },
              required: ['redelivered', 'deliveries'],
            },
            'Scheduled again: how many, and their ids.',
          ),
          400: errorResponse(
            'A filter has a value the API cannot use, is not one of these filters or is given twice, state is not dead, or a body was sent',
          ),
        },
      },
    },
    '/__admin/deliveries/{id}': {
      get: {
        operationId: 'getDelivery',
        summary: 'One delivery record with all its attempts.',
        parameters: [pathParameter('id', 'Delivery id (dlv_…).')],
        responses: {
          200: json(ref('DeliveryRecord'), 'The record.'),
          404: errorResponse('No delivery has this id'),
        },
      },
    },
    '/__admin/deliveries/{id}/redeliver': {
      post: {
        operationId: 'redeliver',
        summary: 'Sends a delivered or dead callback again, with the same eventId.',
        parameters: [pathParameter('id', 'Delivery id (dlv_…).')],
        responses: {
          202: json(ref('DeliveryRecord'), 'Scheduled again as a new run of the retry schedule.'),
          404: errorResponse('No delivery has this id'),
          409: errorResponse('The delivery is not finished yet'),
        },
      },
    },
    '/__admin/hook-calls': {
      get: {
        operationId: 'listHookCalls',
        summary: 'Every call to a validation hook (onRequest, onError), oldest first, filtered.',
        description:
          'A record exists from the moment the call starts (outcome pending) to its answer. The last 10,000 calls are kept; reset forgets them.',
        parameters: [
          query('tenant', 'Only calls for requests of this tenant (X-COREOS-TID).', {
            type: 'string',
          }),
          query('kind', 'Only calls of this kind of hook.', ref('HookCallRecord/$defs/kind')),
          query('outcome', 'Only calls with this outcome.', ref('HookCallRecord/$defs/outcome')),
        ],
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                hookCalls: { type: 'array', items: ref('HookCallRecord') },
                total: { type: 'integer' },
              },
              required: ['hookCalls', 'total'],
            },
            'The matching calls.',
          ),
          400: errorResponse(
            'kind or outcome has a value the API cannot use, or a query parameter is not one of these filters or is given twice',
          ),
        },
      },
    },
    '/__admin/requests': {
      get: {
        operationId: 'listRequests',
        summary: 'The last API requests received (admin calls excluded), oldest first.',
        parameters: [
          query('tenant', 'Only requests of this tenant.', { type: 'string' }),
          query('method', 'Only requests with this method.', { type: 'string' }),
          query('status', 'Only requests answered with this status.', {
            type: 'integer',
            minimum: 100,
            maximum: 599,
          }),
          query('limit', 'Only the last this many matches.', { type: 'integer', minimum: 1 }),
        ],
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                requests: { type: 'array', items: ref('LoggedRequest') },
                total: { type: 'integer', description: 'Kept requests that match.' },
                received: { type: 'integer', description: 'Requests received since start.' },
                capacity: { type: 'integer', description: 'How many the log keeps.' },
              },
              required: ['requests', 'total', 'received', 'capacity'],
            },
            'The matching requests.',
          ),
          400: errorResponse(
            'A filter has a value the API cannot use, or a query parameter is not one of these or is given twice',
          ),
        },
      },
    },
    '/__admin/tenants/{tid}/secret': {
      get: {
        operationId: 'getTenantSecret',
        summary: "How the tenant's callbacks are signed (masked).",
        parameters: [TENANT_PARAMETER],
        responses: {
          200: json(ref('TenantSecretView'), 'The masked view.'),
          400: errorResponse('The tenant id is not valid'),
        },
      },
      put: {
        operationId: 'putTenantSecret',
        summary: "Registers or rotates the tenant's secret (and optionally its scheme).",
        description:
          'With graceMs, the previous secret stays valid that long: standard-webhooks sends a signature for each, and POST /__admin/verify accepts either.',
        parameters: [TENANT_PARAMETER],
        requestBody: jsonBody('AdminTenantSecret'),
        responses: {
          200: json(ref('TenantSecretView'), 'Registered.'),
          400: errorResponse('The body or the tenant id is not valid'),
        },
      },
      delete: {
        operationId: 'deleteTenantSecret',
        summary: "Forgets the tenant's secret and scheme; the server's sign its callbacks again.",
        parameters: [TENANT_PARAMETER],
        responses: {
          200: json(ref('TenantSecretView'), 'Forgotten.'),
          400: errorResponse('The tenant id is not valid'),
          404: errorResponse('The tenant has no registered secret'),
        },
      },
    },
    '/__admin/tenants/{tid}/entity-types/{appId}/{plural}/hooks': {
      put: {
        operationId: 'putEntityTypeHooks',
        summary: "Sets the validation hooks of one of a tenant's entity types; {} removes them.",
        description:
          "Entity types need no set-up in OS1, so they have no type endpoint to carry hooks: this is where they are configured. The hooks apply to the type's creates and updates; a hook in the request overrides the type's.",
        parameters: [
          TENANT_PARAMETER,
          pathParameter('appId', 'The app id (1 to 128 letters, digits or . _ -).'),
          pathParameter('plural', 'The entity type, plural (1 to 128 letters, digits or . _ -).'),
        ],
        requestBody: jsonBody('TypeHooks'),
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                tenantId: { type: 'string' },
                appId: { type: 'string' },
                entityType: { type: 'string' },
                hooks: ref('TypeHooks'),
              },
              required: ['tenantId', 'appId', 'entityType', 'hooks'],
            },
            'The hooks now in force for the type.',
          ),
          400: errorResponse('The body, the tenant id, the appId or the entity type is not valid'),
        },
      },
    },
    '/__admin/verify': {
      post: {
        operationId: 'verifyCallback',
        summary: 'Checks that a received callback was signed by this mock.',
        description:
          "Send the raw body and the headers as received. Checked with the request's X-COREOS-CALLBACK-SECRET if it had one, else the tenant's secrets (the previous one too during a grace period), else the server's.",
        requestBody: jsonBody('AdminVerifyRequest'),
        responses: {
          200: json(ref('VerifyVerdict'), 'Valid, or why not.'),
          400: errorResponse('The body is not valid'),
        },
      },
    },
    '/__admin/scenarios': {
      get: {
        operationId: 'listScenarios',
        summary: 'The failure-simulation rules, in the order they apply, with their counts.',
        responses: { 200: json(ref('ScenarioListing'), 'The seed and every rule.') },
      },
      post: {
        operationId: 'addScenarios',
        summary: 'Adds one rule, or an array of rules together (all or none).',
        description:
          "The same shape as the config file's scenarios. A rule applies from the next accepted request; its draws are hash(seed, name, index of the request among those it matched).",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                anyOf: [
                  ref('ScenarioRule'),
                  { type: 'array', items: ref('ScenarioRule'), minItems: 1 },
                ],
              },
            },
          },
        },
        responses: {
          201: json(ref('ScenarioListing'), 'Added: the seed and every rule now loaded.'),
          400: errorResponse('The body is missing, an empty array, or a rule is not valid'),
          409: errorResponse('A rule with this name already exists (or the array names it twice)'),
        },
      },
      delete: {
        operationId: 'clearScenarios',
        summary: 'Removes every rule, configured ones too (POST /__admin/reset brings those back).',
        description:
          'Only as written: with a trailing slash (/__admin/scenarios/), a query or a body it removes nothing and answers 400. DELETE /__admin/scenarios/{name} removes one rule.',
        responses: {
          200: json(ref('ScenariosRemoved'), 'Removed: how many, and what is left.'),
          400: errorResponse('The path has a trailing slash, or a query or a body was sent'),
        },
      },
    },
    '/__admin/scenarios/{name}': {
      delete: {
        operationId: 'removeScenario',
        summary: 'Removes one rule by name.',
        parameters: [pathParameter('name', "The rule's name.")],
        responses: {
          200: json(ref('ScenariosRemoved'), 'Removed (removed is 1), and what is left.'),
          404: errorResponse('No rule has this name'),
        },
      },
    },
    '/__admin/clock/advance': {
      post: {
        operationId: 'advanceClock',
        summary: 'Virtual clock only: moves time forward, running every attempt due on the way.',
        requestBody: jsonBody('AdminClockAdvance'),
        responses: {
          200: json(
            {
              type: 'object',
              properties: { now: { type: 'number' }, pendingCallbacks: { type: 'integer' } },
              required: ['now', 'pendingCallbacks'],
            },
            'Time moved; every attempt due has run.',
          ),
          400: errorResponse('The body is not valid'),
          409: errorResponse('The mock runs on the real clock'),
        },
      },
    },
    '/__admin/reset': {
      post: {
        operationId: 'reset',
        summary:
          'Forgets all data (storedObjects and evictedObjects go back to 0), deliveries (pending ones are cancelled; refusedRequests goes back to 0), tokens, tenant secrets, the request log and the hook calls; the scenario rules go back to the configured ones.',
        responses: {
          200: json(
            { type: 'object', properties: { status: { const: 'reset' } }, required: ['status'] },
            'Reset.',
          ),
        },
      },
    },
  };
}

const ERROR_ENVELOPE: JsonObject = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: {
          description: 'Numeric string from the error catalogue.',
          enum: Object.values(ERRORS).map(({ code }) => code),
        },
        description: { type: 'string' },
        additionalInfo: { type: 'object' },
      },
      required: ['code', 'description', 'additionalInfo'],
    },
    request: {
      type: 'object',
      properties: {
        uri: { type: 'string' },
        method: { type: 'string' },
        queryString: { type: 'string' },
        body: {},
      },
    },
  },
  required: ['error', 'request'],
};

let cached: JsonObject | undefined;

/** The admin API's OpenAPI 3.1 document (built once). */
export function adminOpenApi(): JsonObject {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'os1-mock admin API',
      version: '1',
      description:
        "The mock's own API: delivery records and redelivery, the request log, validation hook calls and entity-type hooks, tenant secrets, callback verification, failure-simulation rules, the virtual clock and reset. Not part of OS1.",
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths: paths(),
    components: {
      schemas: {
        ...embedContracts(),
        TenantSecretView: TENANT_SECRET_VIEW,
        LoggedRequest: LOGGED_REQUEST,
        VerifyVerdict: VERIFY_VERDICT,
        ScenarioView: SCENARIO_VIEW,
        ScenarioListing: SCENARIO_LISTING,
        ScenariosRemoved: SCENARIOS_REMOVED,
        ErrorEnvelope: ERROR_ENVELOPE,
      },
    },
  };
  return cached;
}

/**
 * The root contract schemas and everything they refer to, keyed by title, with $id and $schema
 * dropped and every $ref rewritten to point inside this document.
 */
function embedContracts(): JsonObject {
  const byId = new Map<string, JsonObject>(
    ALL_SCHEMAS.map((schema) => [schema.$id, schema as unknown as JsonObject]),
  );
  const nameOf = (id: string): string => {
    const title = byId.get(id)?.title;
    return typeof title === 'string' && /^[A-Za-z0-9._-]+$/.test(title)
      ? title
      : id.replace(/\.json$/, '');
  };
  const embedded: JsonObject = {};
  const pending: string[] = [...ROOT_SCHEMAS];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    const name = nameOf(id);
    if (name in embedded) continue;
    const schema = byId.get(id);
    if (!schema) throw new Error(`admin OpenAPI: no contract schema ${id}`);
    const { $id: _id, $schema: _dialect, ...rest } = schema;
    embedded[name] = rewriteRefs(rest, (target) => {
      const [file, pointer = ''] = target.split('#');
      const targetId = file === '' || file === undefined ? id : file;
      pending.push(targetId);
      return `#/components/schemas/${nameOf(targetId)}${pointer}`;
    });
  }
  return embedded;
}

function rewriteRefs(value: Json, rewrite: (target: string) => string): Json {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, rewrite));
  if (typeof value !== 'object' || value === null) return value;
  const copy: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] =
      key === '$ref' && typeof child === 'string' ? rewrite(child) : rewriteRefs(child, rewrite);
  }
  return copy;
}
