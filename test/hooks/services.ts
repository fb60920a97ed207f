import type { Os1Service } from '../../mock-server/generated/contracts.js';
import type { MockFixture } from '../support/mock-fixture.js';
import type { ApiResponse } from '../support/os1-client.js';
import { call } from '../support/os1-client.js';

/** What the hook tests need to know about one service to run the same checks on each. */
export interface ServiceCase {
  name: 'participant' | 'container' | 'entity';
  service: Os1Service;
  /** POST here creates one. */
  createPath: string;
  /** A valid create body, different on every call. */
  createBody(): Record<string, unknown>;
  /** What an onRequest hook answers in `data` to rewrite a create. */
  rewrite: Record<string, unknown>;
  /** How the stored object (and the success callback's data) shows that rewrite. */
  rewritten: Record<string, unknown>;
  objectPath(id: string): string;
  /** Pre-configures hooks on this service's type (participant vehicles, container bag, entity app1/stores). */
  setTypeHooks(f: MockFixture, hooks: Record<string, unknown>): Promise<ApiResponse>;
  /**
   * Sends a request that is accepted (202) and fails asynchronously, with `extra` in its body;
   * answers the id its failed callback is about, the reason it fails with and the methodName of
   * its onError.
   */
  failAsync(
    f: MockFixture,
    extra: Record<string, unknown>,
  ): Promise<{ id: string; reason: RegExp; methodName: string }>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

async function accepted(response: ApiResponse): Promise<string> {
  if (response.status !== 202) {
    throw new Error(`expected 202, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body.data.id as string;
}

const P = '/core/api/v2/participants';
const C = '/core/api/v2/containers';
const E = '/core/api/v2/entity/apps/app1/stores';

export const SERVICES: readonly ServiceCase[] = [
  {
    name: 'participant',
    service: 'Participant',
    createPath: `${P}/vehicles`,
    createBody: () => ({
      uniqueCode: unique('truck'),
      owner: 'depot-1',
      properties: { colour: 'red' },
    }),
    rewrite: { name: 'Named by the hook', properties: { colour: 'green' } },
    rewritten: { name: 'Named by the hook', properties: { colour: 'green' } },
    objectPath: (id) => `${P}/vehicles/${id}`,
    setTypeHooks: (f, hooks) =>
      f.request('PUT', `${P}/participant-types/vehicles/config/hooks`, { body: hooks }),
    async failAsync(f, extra) {
      const id = await accepted(
        await f.request('POST', `${P}/vehicles`, {
          body: { uniqueCode: unique('truck'), owner: 'depot-1', properties: {} },
        }),
      );
      await f.settle();
      // E-024 leads from inactive to dead; a new participant is still onboarding.
      await accepted(
        await f.request('PUT', `${P}/vehicles/${id}/state/event`, {
          body: { eventCode: 'E-024', ...extra },
        }),
      );
      return {
        id,
        reason: /event E-024 is not allowed in state onboarding:onboarding/,
        methodName: 'apply_event:OnError',
      };
    },
  },
  {
    name: 'container',
    service: 'Container',
    createPath: `${C}/bag`,
    createBody: () => ({ trackingDetails: [{ operator: 'dhl', trackingId: unique('T') }] }),
    rewrite: { scannableId: 'SCAN-FROM-HOOK', isHazmat: true },
    rewritten: { scannableId: 'SCAN-FROM-HOOK', isHazmat: true },
    objectPath: (id) => `${C}/bag/${id}`,
    setTypeHooks: (f, hooks) =>
      f.request('PUT', `${C}/container-types/bag/config/hooks`, { body: hooks }),
    async failAsync(f, extra) {
      const id = await accepted(await f.request('POST', `${C}/bag`, { body: {} }));
      await f.settle();
      // E-027 completes a closed container; a new one is only created.
      await accepted(
        await f.request('PUT', `${C}/bag/${id}/state/event`, {
          body: { eventCode: 'E-027', ...extra },
        }),
      );
      return {
        id,
        reason: /event E-027 is not allowed in state created/,
        methodName: 'apply_event:OnError',
      };
    },
  },
  {
    name: 'entity',
    service: 'Entity',
    createPath: E,
    createBody: () => ({
      uniqueCode: unique('store'),
      owner: 'retail',
      properties: { city: 'Pune' },
    }),
    rewrite: { name: 'Named by the hook', properties: { city: 'Delhi' } },
    rewritten: { name: 'Named by the hook', properties: { city: 'Delhi' } },
    objectPath: (id) => `${E}/${id}`,
    setTypeHooks: (f, hooks) =>
      call(f.mock.url, 'PUT', '/__admin/tenants/tenant-a/entity-types/app1/stores/hooks', {
        body: hooks,
        headers: { 'content-type': 'application/json' },
      }),
    async failAsync(f, extra) {
      const uniqueCode = unique('store');
      await accepted(
        await f.request('POST', E, { body: { uniqueCode, owner: 'retail', properties: {} } }),
      );
      await f.settle();
      // The same uniqueCode again: accepted, then failed once processed.
      const id = await accepted(
        await f.request('POST', E, {
          body: { uniqueCode, owner: 'retail', properties: {}, ...extra },
        }),
      );
      return {
        id,
        reason: new RegExp(`an entity with uniqueCode "${uniqueCode}" already exists`),
        methodName: 'create:OnError',
      };
    },
  },
];
