import { DEFAULT_CONTAINER_STATE_MACHINE } from '../../mock-server/domain/state-machine.js';
import type { MockServer } from '../../mock-server/server.js';
import type { SchemaId } from '../../mock-server/validation/schemas.js';
import { call } from './os1-client.js';

/** The ids and types a path template names; see `fillPath`. */
export interface Fixtures {
  participantType: string;
  participantId: string;
  containerType: string;
  containerId: string;
  /** A second container, the parent in a containerize request. */
  parentContainerId: string;
  appId: string;
  entityType: string;
  entityId: string;
  batchId: string;
  deliveryId: string;
  /** A tenant id for the admin tenant-secret and entity-type hook routes. */
  tenantId: string;
  /** A failure-simulation rule name for DELETE /__admin/scenarios/{name} (no rule has it: 404). */
  scenarioName: string;
}

export type PathParam = keyof Fixtures;

export interface Endpoint {
  /** What it does, for failure messages. */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path with `{param}` placeholders (and, for batch status, its query). */
  readonly path: string;
  /** The contract schema of the body, or null when the endpoint takes none. */
  readonly body: SchemaId | null;
  /** Under /core/api/v2: needs the X-COREOS-* headers. */
  readonly os1: boolean;
  /** Takes the list parameters limit, offset, query, sortBy, sortKey, select. */
  readonly list: boolean;
  /** Reads some query parameter (every list does); the others ignore the query string. */
  readonly readsQuery: boolean;
  /**
   * Wipes or moves the mock's state, or changes what other requests get (reset, clock advance,
   * adding a failure-simulation rule): sweep it on a server of its own.
   */
  readonly destructive: boolean;
  /** A valid call answers the same the next time; false when the first call changes the answer. */
  readonly repeatable: boolean;
}

const P = '/core/api/v2/participants';
const C = '/core/api/v2/containers';
const E = '/core/api/v2/entity/apps/{appId}/{entityType}';

const endpoint = (
  name: string,
  method: Endpoint['method'],
  path: string,
  body: SchemaId | null,
  extra: Partial<Pick<Endpoint, 'list' | 'readsQuery' | 'destructive' | 'repeatable'>> = {},
): Endpoint => ({
  name,
  method,
  path,
  body,
  os1: path.startsWith('/core/api/v2/'),
  list: extra.list ?? false,
  readsQuery: extra.readsQuery ?? extra.list ?? path.includes('?'),
  destructive: extra.destructive ?? false,
  repeatable: extra.repeatable ?? true,
});

/**
 * Every route in mock-server/http/routes, in the order the route files declare them (the admin
 * routers' in the order adminRouters lists them).
 */
export const ENDPOINTS: readonly Endpoint[] = [
  endpoint(
    'auth token',
    'POST',
    '/core/api/v1/aaa/auth/client-credentials',
    'auth-token-request.json',
  ),

  endpoint(
    'participant type create',
    'POST',
    `${P}/participant-types`,
    'participant-type-create.json',
  ),
  endpoint('participant type list', 'GET', `${P}/participant-types`, null, { list: true }),
  endpoint('participant type get', 'GET', `${P}/participant-types/{participantType}`, null),
  endpoint(
    'participant type attributes',
    'PUT',
    `${P}/participant-types/{participantType}/config/attributes`,
    'attributes-config.json',
  ),
  endpoint(
    'participant type hooks',
    'PUT',
    `${P}/participant-types/{participantType}/config/hooks`,
    'type-hooks.json',
  ),
  endpoint('participant batch', 'POST', `${P}/{participantType}/batch`, 'participant-batch.json'),
  endpoint('participant create', 'POST', `${P}/{participantType}`, 'participant-create.json'),
  endpoint('participant list', 'GET', `${P}/{participantType}`, null, { list: true }),
  endpoint('participant get', 'GET', `${P}/{participantType}/{participantId}`, null),
  endpoint(
    'participant update',
    'PUT',
    `${P}/{participantType}/{participantId}`,
    'participant-update.json',
  ),
  endpoint(
    'participant state event',
    'PUT',
    `${P}/{participantType}/{participantId}/state/event`,
    'state-event.json',
  ),

  endpoint('container type create', 'POST', `${C}/container-types`, 'container-type-create.json'),
  endpoint('container type list', 'GET', `${C}/container-types`, null, { list: true }),
  endpoint('container type get', 'GET', `${C}/container-types/{containerType}`, null),
  endpoint(
    'container type attributes',
    'PUT',
    `${C}/container-types/{containerType}/config/attributes`,
    'attributes-config.json',
  ),
  endpoint(
    'container type state machine',
    'PUT',
    `${C}/container-types/{containerType}/config/state-machine`,
    'state-machine-config.json',
  ),
  endpoint(
    'container type hooks',
    'PUT',
    `${C}/container-types/{containerType}/config/hooks`,
    'type-hooks.json',
  ),
  endpoint('container (de)containerize', 'PUT', `${C}/{containerId}/child`, 'containerize.json'),
  endpoint('container filter', 'GET', `${C}/{containerType}/filter`, null, { list: true }),
  endpoint(
    'container batch status',
    'GET',
    `${C}/{containerType}/batch/status?batchId={batchId}`,
    null,
  ),
  endpoint('container batch create', 'POST', `${C}/{containerType}/batch`, 'container-batch.json'),
  endpoint('container batch update', 'PUT', `${C}/{containerType}/batch`, 'container-batch.json'),
  endpoint('container create', 'POST', `${C}/{containerType}`, 'container-create.json'),
  endpoint('container get', 'GET', `${C}/{containerType}/{containerId}`, null),
  endpoint('container state', 'GET', `${C}/{containerType}/{containerId}/state`, null),
  endpoint(
    'container update',
    'PUT',
    `${C}/{containerType}/{containerId}`,
    'container-update.json',
  ),
  endpoint(
    'container state event',
    'PUT',
    `${C}/{containerType}/{containerId}/state/event`,
    'state-event.json',
  ),

  endpoint('entity create', 'POST', E, 'entity-create.json'),
  endpoint('entity list', 'GET', E, null, { list: true }),
  endpoint('entity get', 'GET', `${E}/{entityId}`, null),
  endpoint('entity update', 'PUT', `${E}/{entityId}`, 'entity-update.json'),

  endpoint('admin health', 'GET', '/__admin/health', null),
  endpoint('admin OpenAPI document', 'GET', '/__admin/openapi.json', null),
  endpoint('admin deliveries', 'GET', '/__admin/deliveries', null, { readsQuery: true }),
  endpoint('admin bulk redeliver', 'POST', '/__admin/deliveries/redeliver', null, {
    readsQuery: true,
  }),
  endpoint('admin delivery', 'GET', '/__admin/deliveries/{deliveryId}', null),
  endpoint('admin redeliver', 'POST', '/__admin/deliveries/{deliveryId}/redeliver', null, {
    repeatable: false,
  }),
  endpoint('admin requests', 'GET', '/__admin/requests', null, { readsQuery: true }),
  endpoint('admin tenant secret get', 'GET', '/__admin/tenants/{tenantId}/secret', null),
  endpoint(
    'admin tenant secret set',
    'PUT',
    '/__admin/tenants/{tenantId}/secret',
    'admin-tenant-secret.json',
  ),
  endpoint('admin tenant secret delete', 'DELETE', '/__admin/tenants/{tenantId}/secret', null, {
    repeatable: false,
  }),
  endpoint('admin verify', 'POST', '/__admin/verify', 'admin-verify-request.json'),
  endpoint('admin clock advance', 'POST', '/__admin/clock/advance', 'admin-clock-advance.json', {
    destructive: true,
  }),
  endpoint('admin reset', 'POST', '/__admin/reset', null, { destructive: true, repeatable: true }),

  endpoint('admin hook calls', 'GET', '/__admin/hook-calls', null, { readsQuery: true }),
  endpoint(
    'admin entity type hooks',
    'PUT',
    '/__admin/tenants/{tenantId}/entity-types/{appId}/{entityType}/hooks',
    'type-hooks.json',
  ),

  endpoint('admin scenarios', 'GET', '/__admin/scenarios', null),
  // Each valid body names a new rule (see validBody), so adding one always succeeds.
  endpoint('admin scenario add', 'POST', '/__admin/scenarios', 'scenario-rule.json', {
    destructive: true,
  }),
  // The sweep's main server has no rules, so removing them changes nothing another request gets.
  // It reads its query to refuse any: a query (?name=x) must not remove every rule.
  endpoint('admin scenarios clear', 'DELETE', '/__admin/scenarios', null, { readsQuery: true }),
  endpoint('admin scenario remove', 'DELETE', '/__admin/scenarios/{scenarioName}', null, {
    repeatable: false,
  }),
];

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholders a template names, in order. */
export const pathParams = (template: string): PathParam[] =>
  [...template.matchAll(PLACEHOLDER)].map((match) => match[1] as PathParam);

/**
 * Fills a template: real values are percent-encoded; `raw` values are put in exactly as given, so a
 * sweep can plant a stray `%` or an encoded slash.
 */
export function fillPath(
  template: string,
  fixtures: Fixtures,
  raw: Partial<Record<PathParam, string>> = {},
): string {
  return template.replace(PLACEHOLDER, (_match, name: PathParam) => {
    const planted = raw[name];
    return planted ?? encodeURIComponent(fixtures[name]);
  });
}

let ruleCount = 0;

/**
 * A small body each endpoint accepts with 202 (or 200, 201), so one bad field is the only problem.
 * A scenario rule gets a new name each time, so adding it never collides with the last one; it
 * matches a tenant no request uses.
 */
export function validBody(schema: SchemaId, fixtures: Fixtures): Record<string, unknown> {
  switch (schema) {
    case 'auth-token-request.json':
      return { clientId: 'sweep-client', clientSecret: 'sweep-secret' };
    case 'participant-type-create.json':
      return { name: { singular: 'truck', plural: 'trucks' } };
    case 'attributes-config.json':
      return { attributes: [{ name: 'colour', dataType: 'string' }] };
    case 'participant-batch.json':
      return { payload: [{ uniqueCode: 'batch-1', owner: 'o', properties: {} }] };
    case 'participant-create.json':
    case 'entity-create.json':
      return { uniqueCode: 'sweep-1', owner: 'sweep-owner', properties: { colour: 'red' } };
    case 'participant-update.json':
    case 'entity-update.json':
      return { properties: { colour: 'blue' } };
    case 'state-event.json':
      return { eventCode: 'E-025' };
    case 'container-type-create.json':
      return { name: 'crate' };
    case 'state-machine-config.json':
      return { ...structuredClone(DEFAULT_CONTAINER_STATE_MACHINE) };
    case 'containerize.json':
      return { parentId: fixtures.parentContainerId, action: 'CONTAINERIZE' };
    case 'container-batch.json':
      return { payload: [{ isHazmat: false }] };
    case 'container-create.json':
    case 'container-update.json':
      return { isHazmat: false };
    case 'admin-tenant-secret.json':
      return { secret: 'sweep-tenant-secret' };
    case 'admin-verify-request.json':
      return { body: '{"tenantId":"sweep"}', headers: { 'x-coreos-hmac-signature': '00' } };
    case 'type-hooks.json':
      return {};
    case 'admin-clock-advance.json':
      return { ms: 1000 };
    case 'scenario-rule.json':
      return {
        name: `sweep-rule-${++ruleCount}`,
        match: { tenant: 'sweep-no-such-tenant' },
        action: { type: 'drop' },
      };
    default:
      throw new Error(`no valid body for ${schema}: add one to test/support/endpoints.ts`);
  }
}

/**
 * Creates one of everything the templates name for `tenant`, over HTTP, and processes it on the
 * virtual clock.
 * The server must run with `clock: 'virtual'` and a transport that answers callbacks.
 */
export async function createFixtures(mock: MockServer, tenant: string): Promise<Fixtures> {
  const accepted = async (path: string, body: unknown): Promise<string> => {
    const response = await call(mock.url, 'POST', path, { body, tenant });
    if (response.status !== 202) {
      throw new Error(
        `fixture POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body.data.id as string;
  };
  const callback = { url: 'http://127.0.0.1:9/fixture-callback' };
  const containerId = await accepted(`${C}/bag`, { callback });
  const parentContainerId = await accepted(`${C}/box`, {});
  const participantId = await accepted(`${P}/vehicles`, {
    uniqueCode: 'fixture-vehicle',
    owner: 'fixture-owner',
    properties: {},
  });
  const entityId = await accepted('/core/api/v2/entity/apps/app1/stores', {
    uniqueCode: 'fixture-store',
    owner: 'fixture-owner',
    properties: {},
  });
  const batchId = await accepted(`${C}/bag/batch`, { payload: [{ isHazmat: true }] });
  await mock.core.scheduler.advance(60_000);
  const delivery = await mock.core.deliveries.waitFor(
    (record) => record.payload.data.id === containerId,
  );
  return {
    participantType: 'vehicles',
    participantId,
    containerType: 'bag',
    containerId,
    parentContainerId,
    appId: 'app1',
    entityType: 'stores',
    entityId,
    batchId,
    deliveryId: delivery.id,
    tenantId: 'secret-tenant',
    scenarioName: 'sweep-rule',
  };
}
