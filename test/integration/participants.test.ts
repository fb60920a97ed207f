import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../mock-server/delivery/delivery-record.js';
import {
  expectAccepted,
  expectConforms,
  expectError,
  useMockFixture,
} from '../support/mock-fixture.js';

const BASE = '/core/api/v2/participants';
const eventName = (record: DeliveryRecord) =>
  (record.payload.data as { event?: { name?: string } }).event?.name;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('Participant service over HTTP', () => {
  const fx = useMockFixture();

  /** Creates a vehicle, processes it and answers its id. */
  async function createdVehicle(fields: Record<string, unknown> = {}): Promise<string> {
    const body = { uniqueCode: `V-${Math.random()}`, owner: 'fleet-1', properties: {}, ...fields };
    const answer = await fx.request('POST', `${BASE}/vehicles`, { body });
    const id = expectAccepted(answer, { uri: `${BASE}/vehicles`, method: 'POST', body });
    await fx.settle();
    return id;
  }

  describe('participant types', () => {
    it('creates a type asynchronously: 404 until processed, then readable, listed and called back', async () => {
      const body = {
        name: { singular: 'driver', plural: 'drivers' },
        alias: 'Driver',
        category: 'person',
        ...fx.callback({ step: 1 }),
      };
      const answer = await fx.request('POST', `${BASE}/participant-types`, { body });
      expect(
        expectAccepted(answer, { uri: `${BASE}/participant-types`, method: 'POST', body }),
      ).toBe('drivers');

      const before = await fx.request('GET', `${BASE}/participant-types/drivers`);
      expectError(before, 'PARTICIPANT_TYPE_NOT_FOUND', '"drivers"', {
        participantType: 'drivers',
      });

      await fx.settle();
      const record = await fx.callbackFor('drivers');
      expect(record.state).toBe('delivered');
      expect(fx.receiver.received.map((r) => r.json)).toEqual([
        expect.objectContaining({
          eventType: 'participant-type.created',
          service: 'Participant',
          tenantId: 'tenant-a',
          status: 'success',
          participantType: 'drivers',
          meta: { step: 1 },
          data: expect.objectContaining({
            id: 'drivers',
            name: { singular: 'driver', plural: 'drivers' },
            alias: 'Driver',
          }),
        }),
      ]);

      const after = await fx.request('GET', `${BASE}/participant-types/drivers`);
      expect(after.status).toBe(200);
      expectConforms('participant-type.json', after.body.data);
      expect(after.body.data).toMatchObject({
        name: { singular: 'driver', plural: 'drivers' },
        alias: 'Driver',
        category: 'person',
        allowedOwner: [],
        attributes: [],
      });

      const list = await fx.request('GET', `${BASE}/participant-types`);
      expect(list.status).toBe(200);
      expect(list.body.data.meta).toEqual({ totalElements: 3 });
      expect(
        list.body.data.participantTypes.map((t: { name: { plural: string } }) => t.name.plural),
      ).toEqual(['vehicles', 'riders', 'drivers']);
    });

    it('refuses to create a type that already exists with OS1 code 101110522301', async () => {
      const answer = await fx.request('POST', `${BASE}/participant-types`, {
        body: { name: { singular: 'vehicle', plural: 'vehicles' } },
      });
      expectError(answer, 'PARTICIPANT_TYPE_EXISTS', '"vehicles"', {
        participantType: 'vehicles',
      });
      expect(answer.body.error.code).toBe('101110522301');
    });

    it('fails the second of two identical type creates asynchronously, with a reason', async () => {
      const body = { name: { singular: 'scooter', plural: 'scooters' }, ...fx.callback() };
      expect((await fx.request('POST', `${BASE}/participant-types`, { body })).status).toBe(202);
      expect((await fx.request('POST', `${BASE}/participant-types`, { body })).status).toBe(202);
      await fx.settle();
      await fx.mock.core.deliveries.waitFor((r) => r.payload.status === 'failed');
      expect(fx.receiver.received.map((r) => r.json)).toEqual([
        expect.objectContaining({
          status: 'success',
          data: expect.objectContaining({ id: 'scooters' }),
        }),
        expect.objectContaining({
          status: 'failed',
          reason: 'participant type "scooters" already exists',
          data: { id: 'scooters' },
        }),
      ]);
    });

    it('refuses a type whose plural breaks the name pattern and names the field', async () => {
      const answer = await fx.request('POST', `${BASE}/participant-types`, {
        body: { name: { singular: 'x1', plural: '9lives' } },
      });
      expectError(answer, 'VALIDATION_FAILED', 'name.plural', {
        field: 'name.plural',
        rule: 'pattern',
        schema: 'participant-type-create.json',
      });
    });

    it('refuses participant-types as a plural, since that path belongs to the type endpoints', async () => {
      expectError(
        await fx.request('POST', `${BASE}/participant-types`, {
          body: { name: { singular: 'type', plural: 'participant-types' } },
        }),
        'VALIDATION_FAILED',
        'name.plural "participant-types" is reserved',
        { field: 'name.plural', rule: 'reserved', schema: 'participant-type-create.json' },
      );
      expectError(
        await fx.request('POST', `${BASE}/participant-types`, {
          body: { name: { singular: 'type', plural: 'Participant-Types' } },
        }),
        'VALIDATION_FAILED',
        'name.plural "Participant-Types" is reserved',
        { field: 'name.plural', rule: 'reserved', schema: 'participant-type-create.json' },
      );
      expect(fx.mock.core.operations.pending).toBe(0);
    });

    it('answers 404 with the type name for an unknown type', async () => {
      expectError(
        await fx.request('GET', `${BASE}/participant-types/ghosts`),
        'PARTICIPANT_TYPE_NOT_FOUND',
        '"ghosts"',
        { participantType: 'ghosts' },
      );
    });

    it('sets attributes asynchronously, merging definitions by name', async () => {
      const path = `${BASE}/participant-types/vehicles/config/attributes`;
      const first = {
        attributes: [
          { name: 'color', dataType: 'string', indexed: true },
          { name: 'seats', dataType: 'integer' },
        ],
        ...fx.callback(),
      };
      expect(
        expectAccepted(await fx.request('PUT', path, { body: first }), {
          uri: path,
          method: 'PUT',
          body: first,
        }),
      ).toBe('vehicles');
      const pending = await fx.request('GET', `${BASE}/participant-types/vehicles`);
      expect(pending.body.data.attributes).toEqual([]);

      await fx.settle();
      const second = { attributes: [{ name: 'seats', dataType: 'number', defaultValue: 4 }] };
      expect((await fx.request('PUT', path, { body: second })).status).toBe(202);
      await fx.settle();

      const record = await fx.callbackFor('vehicles');
      expect(record.payload).toMatchObject({
        eventType: 'participant-type.attributes-updated',
        status: 'success',
        participantType: 'vehicles',
        data: { id: 'vehicles', attributes: first.attributes },
      });
      const type = await fx.request('GET', `${BASE}/participant-types/vehicles`);
      expect(type.body.data.attributes).toEqual([
        { name: 'color', dataType: 'string', indexed: true },
        { name: 'seats', dataType: 'number', defaultValue: 4 },
      ]);
    });

    it('refuses attributes without a dataType, and attributes for an unknown type', async () => {
      expectError(
        await fx.request('PUT', `${BASE}/participant-types/vehicles/config/attributes`, {
          body: { attributes: [{ name: 'color' }] },
        }),
        'VALIDATION_FAILED',
        'attributes[0].dataType',
        { field: 'attributes[0].dataType', rule: 'required', schema: 'attributes-config.json' },
      );
      expectError(
        await fx.request('PUT', `${BASE}/participant-types/ghosts/config/attributes`, {
          body: { attributes: [{ name: 'color', dataType: 'string' }] },
        }),
        'PARTICIPANT_TYPE_NOT_FOUND',
        '"ghosts"',
        { participantType: 'ghosts' },
      );
    });
  });

  describe('participants', () => {
    it('creates a participant: 202 with a typed id, 404 until processed, then stored and called back', async () => {
      const body = {
        uniqueCode: 'KA-01-1234',
        name: 'Truck 1',
        owner: 'fleet-1',
        category: 'truck',
        subCategory: 'heavy',
        properties: { color: 'red' },
        ...fx.callback({ orderId: 9 }),
      };
      const answer = await fx.request('POST', `${BASE}/vehicles`, { body });
      const id = expectAccepted(answer, { uri: `${BASE}/vehicles`, method: 'POST', body });
      expect(id).toMatch(new RegExp(`^vehicle:${UUID}$`));

      expectError(await fx.request('GET', `${BASE}/vehicles/${id}`), 'PARTICIPANT_NOT_FOUND', id, {
        id,
      });
      expect((await fx.request('GET', `${BASE}/vehicles`)).body.data.participants).toEqual([]);

      await fx.settle();
      const record = await fx.callbackFor(id);
      expect(record.state).toBe('delivered');
      const expected = {
        id,
        uniqueCode: 'KA-01-1234',
        name: 'Truck 1',
        owner: 'fleet-1',
        participantType: 'vehicles',
        category: 'truck',
        subCategory: 'heavy',
        properties: { color: 'red' },
        state: 'onboarding:onboarding',
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
        createdBy: 'u1',
        updatedBy: 'u1',
      };
      expect(fx.receiver.received[0]?.json).toEqual({
        eventId: expect.stringMatching(/^evt_/),
        eventType: 'participant.created',
        service: 'Participant',
        tenantId: 'tenant-a',
        requestId: expect.any(String),
        timestamp: expect.any(Number),
        status: 'success',
        participantType: 'vehicles',
        data: expected,
        meta: { orderId: 9 },
      });

      const encoded = await fx.request('GET', `${BASE}/vehicles/${encodeURIComponent(id)}`);
      expect(encoded.body.data).toEqual(expected);
      const after = await fx.request('GET', `${BASE}/vehicles/${id}`);
      expect(after.status).toBe(200);
      expectConforms('participant.json', after.body.data);
      expect(after.body).toEqual({
        data: expected,
        request: { uri: `${BASE}/vehicles/${id}`, method: 'GET', queryString: '', body: {} },
      });
    });

    it('accepts the callback as a bare URL string', async () => {
      const body = { uniqueCode: 'B-1', owner: 'o', properties: {}, callback: fx.receiver.url };
      const id = expectAccepted(await fx.request('POST', `${BASE}/riders`, { body }), {
        uri: `${BASE}/riders`,
        method: 'POST',
        body,
      });
      expect(id).toMatch(new RegExp(`^rider:${UUID}$`));
      await fx.settle();
      const record = await fx.callbackFor(id);
      expect(record.url).toBe(fx.receiver.url);
      expect(record.payload).not.toHaveProperty('meta');
    });

    it('refuses a create without uniqueCode and names the field', async () => {
      expectError(
        await fx.request('POST', `${BASE}/vehicles`, { body: { owner: 'o', properties: {} } }),
        'VALIDATION_FAILED',
        'uniqueCode is required',
        { field: 'uniqueCode', rule: 'required', schema: 'participant-create.json' },
      );
    });

    it('refuses a create without a body', async () => {
      expectError(
        await fx.request('POST', `${BASE}/vehicles`),
        'VALIDATION_FAILED',
        'body is required',
        { field: 'body', rule: 'required', schema: 'participant-create.json' },
      );
    });

    it('refuses a callback URL that is not absolute http(s)', async () => {
      expectError(
        await fx.request('POST', `${BASE}/vehicles`, {
          body: { uniqueCode: 'x', owner: 'o', properties: {}, callback: { url: 'ftp://x/y' } },
        }),
        'VALIDATION_FAILED',
        'callback.url must be an absolute http:// or https:// URL',
        { field: 'callback.url', rule: 'format', schema: 'participant-create.json' },
      );
    });

    it('answers 404 for a participant of an unknown type', async () => {
      expectError(
        await fx.request('POST', `${BASE}/ghosts`, {
          body: { uniqueCode: 'x', owner: 'o', properties: {} },
        }),
        'PARTICIPANT_TYPE_NOT_FOUND',
        '"ghosts"',
        { participantType: 'ghosts' },
      );
    });

    it('fails a create with a duplicate uniqueCode asynchronously, naming the code', async () => {
      const first = await createdVehicle({ uniqueCode: 'DUP-1' });
      const body = { uniqueCode: 'DUP-1', owner: 'o', properties: {}, ...fx.callback() };
      const id = expectAccepted(await fx.request('POST', `${BASE}/vehicles`, { body }), {
        uri: `${BASE}/vehicles`,
        method: 'POST',
        body,
      });
      await fx.settle();
      const record = await fx.callbackFor(id);
      expect(record.payload).toMatchObject({
        status: 'failed',
        reason: `a vehicle with uniqueCode "DUP-1" already exists (${first})`,
        data: { id },
      });
      expectError(await fx.request('GET', `${BASE}/vehicles/${id}`), 'PARTICIPANT_NOT_FOUND', id, {
        id,
      });
    });

    it('updates asynchronously: properties merge, name and owner change, old values until processed', async () => {
      const id = await createdVehicle({ name: 'Old', properties: { color: 'red', seats: 2 } });
      const body = {
        properties: { color: 'blue' },
        name: 'New',
        owner: 'fleet-2',
        ...fx.callback(),
      };
      const answer = await fx.request('PUT', `${BASE}/vehicles/${id}`, { body });
      expect(expectAccepted(answer, { uri: `${BASE}/vehicles/${id}`, method: 'PUT', body })).toBe(
        id,
      );
      expect((await fx.request('GET', `${BASE}/vehicles/${id}`)).body.data.name).toBe('Old');

      await fx.settle();
      const record = await fx.callbackFor(id);
      expect(record.payload).toMatchObject({ eventType: 'participant.updated', status: 'success' });
      const after = await fx.request('GET', `${BASE}/vehicles/${id}`);
      expect(after.body.data).toMatchObject({
        name: 'New',
        owner: 'fleet-2',
        properties: { color: 'blue', seats: 2 },
      });
    });

    it('answers 404 to an update of an unknown id, and refuses an update without properties', async () => {
      expectError(
        await fx.request('PUT', `${BASE}/vehicles/vehicle:nope`, { body: { properties: {} } }),
        'PARTICIPANT_NOT_FOUND',
        'vehicle:nope',
        { id: 'vehicle:nope' },
      );
      const id = await createdVehicle();
      expectError(
        await fx.request('PUT', `${BASE}/vehicles/${id}`, { body: { name: 'x' } }),
        'VALIDATION_FAILED',
        'properties',
        { field: 'properties', rule: 'required', schema: 'participant-update.json' },
      );
    });

    it("does not show or update a participant through another type's path", async () => {
      const id = await createdVehicle();
      expectError(await fx.request('GET', `${BASE}/riders/${id}`), 'PARTICIPANT_NOT_FOUND', id, {
        id,
      });
      expectError(
        await fx.request('PUT', `${BASE}/riders/${id}`, { body: { properties: { x: 1 } } }),
        'PARTICIPANT_NOT_FOUND',
        id,
        { id },
      );
    });

    it("fails an update sent through another type's path while the participant is pending", async () => {
      const create = { uniqueCode: 'P-1', owner: 'o', properties: {} };
      const id = (await fx.request('POST', `${BASE}/vehicles`, { body: create })).body.data.id;
      const update = { properties: { hijacked: true }, ...fx.callback() };
      const answer = await fx.request('PUT', `${BASE}/riders/${id}`, { body: update });
      expect(answer.status).toBe(202);
      await fx.settle();
      const record = await fx.callbackFor(id);
      expect(record.payload).toMatchObject({
        status: 'failed',
        reason: `no rider has id ${id}`,
        data: { id },
      });
      const vehicle = await fx.request('GET', `${BASE}/vehicles/${id}`);
      expect(vehicle.body.data.properties).toEqual({});
    });
  });

  describe('state events', () => {
    const event = (eventCode: string, extra: Record<string, unknown> = {}) => ({
      eventCode,
      reasonCode: 'R-0001',
      timestamp: 1_700_000_000_000,
      source: { appId: 'app-1', userId: 'u9' },
      ...extra,
    });

    it('walks onboarding → active → inactive → dead with E-022, E-023, E-024 and reports each move', async () => {
      const id = await createdVehicle();
      const path = `${BASE}/vehicles/${id}/state/event`;
      const steps: Array<[string, string]> = [
        ['E-022', 'active:active'],
        ['E-023', 'inactive:inactive'],
        ['E-024', 'inactive:dead'],
      ];
      for (const [code, state] of steps) {
        const body = { ...event(code), ...fx.callback() };
        const answer = await fx.request('PUT', path, { body });
        expect(expectAccepted(answer, { uri: path, method: 'PUT', body })).toBe(id);
        await fx.settle();
        const record = await fx.callbackFor(id, (r) => eventName(r) === code);
        expect(record.payload).toMatchObject({
          eventType: 'participant.state-changed',
          status: 'success',
          participantType: 'vehicles',
          data: {
            id,
            state,
            event: {
              name: code,
              reasonCode: 'R-0001',
              timestamp: 1_700_000_000_000,
              propagate: false,
              data: {},
              source: { appId: 'app-1', userId: 'u9' },
            },
          },
        });
        expect((await fx.request('GET', `${BASE}/vehicles/${id}`)).body.data.state).toBe(state);
      }
    });

    it('keeps the state until the event is processed', async () => {
      const id = await createdVehicle();
      await fx.request('PUT', `${BASE}/vehicles/${id}/state/event`, { body: event('E-022') });
      const before = await fx.request('GET', `${BASE}/vehicles/${id}`);
      expect(before.body.data.state).toBe('onboarding:onboarding');
      await fx.settle();
      const after = await fx.request('GET', `${BASE}/vehicles/${id}`);
      expect(after.body.data.state).toBe('active:active');
    });

    it('accepts an illegal event with 202, then fails it on the callback with the reason and the unchanged state', async () => {
      const id = await createdVehicle();
      const path = `${BASE}/vehicles/${id}/state/event`;
      const body = { ...event('E-024'), ...fx.callback() };
      expectAccepted(await fx.request('PUT', path, { body }), { uri: path, method: 'PUT', body });
      await fx.settle();
      const record = await fx.callbackFor(id);
      expect(record.payload).toMatchObject({
        status: 'failed',
        reason: 'event E-024 is not allowed in state onboarding:onboarding; allowed: E-022',
        data: { id, state: 'onboarding:onboarding', event: { name: 'E-024' } },
      });
      expect((await fx.request('GET', `${BASE}/vehicles/${id}`)).body.data.state).toBe(
        'onboarding:onboarding',
      );
    });

    it('refuses an event without eventCode, and an event for an unknown participant', async () => {
      const id = await createdVehicle();
      expectError(
        await fx.request('PUT', `${BASE}/vehicles/${id}/state/event`, {
          body: { reasonCode: 'x' },
        }),
        'VALIDATION_FAILED',
        'eventCode',
        { field: 'eventCode', rule: 'required', schema: 'state-event.json' },
      );
      expectError(
        await fx.request('PUT', `${BASE}/vehicles/vehicle:nope/state/event`, {
          body: event('E-022'),
        }),
        'PARTICIPANT_NOT_FOUND',
        'vehicle:nope',
        { id: 'vehicle:nope' },
      );
    });
  });

  describe('lists', () => {
    async function threeVehicles(): Promise<string[]> {
      const ids: string[] = [];
      for (const [code, color, seats] of [
        ['C', 'red', 4],
        ['A', 'blue', 2],
        ['B', 'red', 7],
      ] as const) {
        const body = {
          uniqueCode: code,
          owner: 'o',
          name: `n${code}`,
          properties: { color, seats },
        };
        ids.push((await fx.request('POST', `${BASE}/vehicles`, { body })).body.data.id);
      }
      await fx.settle();
      return ids;
    }

    const codes = (answer: { body: { data: { participants: Array<{ uniqueCode: string }> } } }) =>
      answer.body.data.participants.map((p) => p.uniqueCode);

    it('pages with limit and offset and reports the total', async () => {
      await threeVehicles();
      const page = await fx.request('GET', `${BASE}/vehicles?limit=2&offset=1`);
      expect(page.status).toBe(200);
      expect(codes(page)).toEqual(['A', 'B']);
      expect(page.body.data.meta).toEqual({ totalElements: 3 });
      expect(page.body.request).toEqual({
        uri: `${BASE}/vehicles`,
        method: 'GET',
        queryString: 'limit=2&offset=1',
        body: {},
      });
    });

    it('sorts by sortBy with sortKey as the direction, and the other way round', async () => {
      await threeVehicles();
      expect(codes(await fx.request('GET', `${BASE}/vehicles?sortBy=uniqueCode`))).toEqual([
        'A',
        'B',
        'C',
      ]);
      expect(
        codes(await fx.request('GET', `${BASE}/vehicles?sortBy=uniqueCode&sortKey=desc`)),
      ).toEqual(['C', 'B', 'A']);
      expect(
        codes(await fx.request('GET', `${BASE}/vehicles?sortKey=properties.seats&sortBy=desc`)),
      ).toEqual(['B', 'C', 'A']);
    });

    it('filters with a JSON query and projects with select', async () => {
      await threeVehicles();
      const query = encodeURIComponent(
        JSON.stringify({
          op: 'and',
          arr: [
            { key: 'properties.color', value: 'red', expr: 'eq' },
            { key: 'properties.seats', value: 5, expr: 'gt' },
          ],
        }),
      );
      const answer = await fx.request(
        'GET',
        `${BASE}/vehicles?query=${query}&select=uniqueCode,name`,
      );
      expect(answer.body.data).toEqual({
        participants: [{ uniqueCode: 'B', name: 'nB' }],
        meta: { totalElements: 1 },
      });
    });

    it('refuses a limit that is not a whole number and a query that is not JSON, naming the parameter', async () => {
      expectError(await fx.request('GET', `${BASE}/vehicles?limit=ten`), 'INVALID_QUERY', 'limit', {
        parameter: 'limit',
      });
      expectError(
        await fx.request('GET', `${BASE}/vehicles?offset=-1`),
        'INVALID_QUERY',
        'offset',
        { parameter: 'offset' },
      );
      expectError(
        await fx.request('GET', `${BASE}/vehicles?query=%7Bnope`),
        'INVALID_QUERY',
        'query',
        { parameter: 'query' },
      );
      expectError(
        await fx.request(
          'GET',
          `${BASE}/vehicles?query=${encodeURIComponent('{"op":"xor","arr":[]}')}`,
        ),
        'INVALID_QUERY',
        'query.op must be one of',
        { parameter: 'query', field: 'query.op', rule: 'enum' },
      );
    });

    it('answers 404 for the list of an unknown type', async () => {
      expectError(
        await fx.request('GET', `${BASE}/ghosts`),
        'PARTICIPANT_TYPE_NOT_FOUND',
        '"ghosts"',
        {
          participantType: 'ghosts',
        },
      );
    });
  });

  describe('batch', () => {
    it('creates the valid records of a batch and reports successes and errors on one callback', async () => {
      const body = {
        payload: [
          { refID: 'r1', uniqueCode: 'BA-1', owner: 'o', properties: {} },
          { refID: 'r2', owner: 'o', properties: {} },
          { uniqueCode: 'BA-1', owner: 'o', properties: {} },
        ],
        ...fx.callback(),
      };
      const path = `${BASE}/vehicles/batch`;
      const batchId = expectAccepted(await fx.request('POST', path, { body }), {
        uri: path,
        method: 'POST',
        body,
      });
      expect(batchId).toMatch(new RegExp(`^batch:${UUID}$`));
      expect((await fx.request('GET', `${BASE}/vehicles`)).body.data.participants).toEqual([]);

      await fx.settle();
      const record = await fx.callbackFor(batchId);
      const created = (await fx.request('GET', `${BASE}/vehicles`)).body.data.participants;
      expect(created).toHaveLength(1);
      expect(record.payload).toMatchObject({
        eventType: 'participant.batch-completed',
        status: 'success',
        participantType: 'vehicles',
        data: {
          id: batchId,
          meta: { status: 'partial', success: 1, failed: 2, total: 3 },
          success: [{ refID: 'r1', id: created[0].id }],
          errors: [
            { refID: 'r2', reason: 'uniqueCode is required' },
            { refID: '2', reason: expect.stringContaining('uniqueCode "BA-1" already exists') },
          ],
        },
      });
    });

    it('refuses an empty batch and names payload', async () => {
      expectError(
        await fx.request('POST', `${BASE}/vehicles/batch`, { body: { payload: [] } }),
        'VALIDATION_FAILED',
        'payload',
        { field: 'payload', rule: 'minItems', schema: 'participant-batch.json' },
      );
    });
  });
});
