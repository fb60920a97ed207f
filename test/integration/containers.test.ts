import { describe, expect, it } from 'vitest';
import {
  expectAccepted,
  expectConforms,
  expectError,
  useMockFixture,
} from '../support/mock-fixture.js';

const BASE = '/core/api/v2/containers';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('Container service over HTTP', () => {
  const fx = useMockFixture();

  /** Creates containers of a type, processes them and answers their ids. */
  async function created(type: string, ...bodies: Array<Record<string, unknown>>) {
    const ids: string[] = [];
    for (const body of bodies.length > 0 ? bodies : [{}]) {
      const answer = await fx.request('POST', `${BASE}/${type}`, { body });
      ids.push(expectAccepted(answer, { uri: `${BASE}/${type}`, method: 'POST', body }));
    }
    await fx.settle();
    return ids;
  }

  const one = async (type: string, body: Record<string, unknown> = {}): Promise<string> =>
    (await created(type, body))[0] as string;

  const stateOf = async (type: string, id: string) =>
    (await fx.request('GET', `${BASE}/${type}/${id}/state`)).body.data.state;

  describe('container types', () => {
    it('creates a type asynchronously: 404 with OS1 code 100920043304 until processed, then readable and listed', async () => {
      const body = { name: 'crate', isLeaf: false, allowedParent: ['pallet'], ...fx.callback() };
      const answer = await fx.request('POST', `${BASE}/container-types`, { body });
      expect(expectAccepted(answer, { uri: `${BASE}/container-types`, method: 'POST', body })).toBe(
        'crate',
      );

      const before = await fx.request('GET', `${BASE}/container-types/crate`);
      expectError(before, 'CONTAINER_TYPE_NOT_FOUND', '"crate"', { containerType: 'crate' });
      expect(before.body.error.code).toBe('100920043304');

      await fx.settle();
      const record = await fx.callbackFor('crate');
      expect(record.payload).toMatchObject({
        eventType: 'container-type.created',
        service: 'Container',
        status: 'success',
        containerType: 'crate',
        data: { id: 'crate', name: 'crate', isLeaf: false, allowedParent: ['pallet'] },
      });

      const after = await fx.request('GET', `${BASE}/container-types/crate`);
      expectConforms('container-type.json', after.body.data);
      expect(after.body.data).toEqual({
        name: 'crate',
        isLeaf: false,
        allowedParent: ['pallet'],
        attributes: [],
        stateMachine: expect.objectContaining({ initialState: 'created' }),
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      });
      const list = await fx.request('GET', `${BASE}/container-types`);
      expect(list.body.data.meta).toEqual({ totalElements: 4 });
      expect(list.body.data.containerTypes.map((t: { name: string }) => t.name)).toEqual([
        'pallet',
        'box',
        'bag',
        'crate',
      ]);
    });

    it('refuses a type that exists and a name that is not 3 to 16 letters, naming the field', async () => {
      expectError(
        await fx.request('POST', `${BASE}/container-types`, { body: { name: 'bag' } }),
        'CONTAINER_TYPE_EXISTS',
        '"bag"',
        { containerType: 'bag' },
      );
      expectError(
        await fx.request('POST', `${BASE}/container-types`, { body: { name: 'b1' } }),
        'VALIDATION_FAILED',
        'name must match',
        { field: 'name', rule: 'pattern', schema: 'container-type-create.json' },
      );
    });

    it('sets attributes asynchronously, merging by name, and 404s an unknown type', async () => {
      const path = `${BASE}/container-types/box/config/attributes`;
      const body = { attributes: [{ name: 'weight', dataType: 'number' }], ...fx.callback() };
      expect(
        expectAccepted(await fx.request('PUT', path, { body }), {
          uri: path,
          method: 'PUT',
          body,
        }),
      ).toBe('box');
      expect((await fx.request('GET', `${BASE}/container-types/box`)).body.data.attributes).toEqual(
        [],
      );
      await fx.settle();
      const record = await fx.callbackFor('box');
      expect(record.payload).toMatchObject({
        eventType: 'container-type.attributes-updated',
        data: { id: 'box', attributes: body.attributes },
      });
      expect((await fx.request('GET', `${BASE}/container-types/box`)).body.data.attributes).toEqual(
        body.attributes,
      );
      expectError(
        await fx.request('PUT', `${BASE}/container-types/crate/config/attributes`, { body }),
        'CONTAINER_TYPE_NOT_FOUND',
        '"crate"',
        { containerType: 'crate' },
      );
    });

    it('uses a custom state machine for containers created after it is set', async () => {
      const path = `${BASE}/container-types/bag/config/state-machine`;
      const body = {
        initialState: 'empty',
        states: [{ name: 'empty' }, { name: 'full' }],
        transitions: [
          { from: 'empty', event: 'FILL', to: 'full' },
          { from: 'full', event: 'EMPTY', to: 'empty' },
        ],
        note: 'fields the machine does not have are not stored',
        ...fx.callback(),
      };
      expectAccepted(await fx.request('PUT', path, { body }), { uri: path, method: 'PUT', body });
      await fx.settle();
      const { initialState, states, transitions } = body;
      expectConforms(
        'container-type.json',
        (await fx.request('GET', `${BASE}/container-types/bag`)).body.data,
      );
      expect(
        (await fx.request('GET', `${BASE}/container-types/bag`)).body.data.stateMachine,
      ).toEqual({ initialState, states, transitions });
      const record = await fx.callbackFor('bag');
      expect(record.payload).toMatchObject({
        eventType: 'container-type.state-machine-updated',
        status: 'success',
        data: { id: 'bag', stateMachine: { initialState: 'empty' } },
      });

      const id = await one('bag');
      expect(await stateOf('bag', id)).toBe('empty');
      await fx.request('PUT', `${BASE}/bag/${id}/state/event`, { body: { eventCode: 'FILL' } });
      await fx.settle();
      expect(await stateOf('bag', id)).toBe('full');
      await fx.request('PUT', `${BASE}/bag/${id}/state/event`, {
        body: { eventCode: 'E-025', ...fx.callback() },
      });
      await fx.settle();
      const refused = await fx.callbackFor(id);
      expect(refused.payload).toMatchObject({
        status: 'failed',
        reason: 'event E-025 is not allowed in state full; allowed: EMPTY',
      });
      // Other types keep the default machine.
      expect(await stateOf('box', await one('box'))).toBe('created');
    });

    it('refuses a state machine whose initial state is not one of its states', async () => {
      expectError(
        await fx.request('PUT', `${BASE}/container-types/bag/config/state-machine`, {
          body: { initialState: 'nowhere', states: [{ name: 'a' }], transitions: [] },
        }),
        'VALIDATION_FAILED',
        'initialState "nowhere" is not one of the states',
        { field: 'states', rule: 'state-machine' },
      );
    });
  });

  describe('containers', () => {
    it('creates a container: 202 with a typed id, 404 until processed, then stored and called back', async () => {
      const body = {
        trackingDetails: [{ operator: 'dhl', trackingId: 'T-1', isPrimary: true }],
        attributes: { weight: 3 },
        items: [{ sku: 'A' }],
        isHazmat: true,
        scannableId: 'SCAN-1',
        ...fx.callback({ n: 1 }),
      };
      const answer = await fx.request('POST', `${BASE}/box`, { body });
      const id = expectAccepted(answer, { uri: `${BASE}/box`, method: 'POST', body });
      expect(id).toMatch(new RegExp(`^box:${UUID}$`));
      expectError(await fx.request('GET', `${BASE}/box/${id}`), 'CONTAINER_NOT_FOUND', id, { id });
      expectError(await fx.request('GET', `${BASE}/box/${id}/state`), 'CONTAINER_NOT_FOUND', id, {
        id,
      });

      await fx.settle();
      const expected = {
        id,
        containerType: 'box',
        state: 'created',
        trackingDetails: body.trackingDetails,
        attributes: { weight: 3 },
        items: [{ sku: 'A' }],
        isHazmat: true,
        isContainerizable: true,
        isReusable: false,
        scannableId: 'SCAN-1',
        parentId: null,
        childContainerIDs: [],
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
        createdBy: 'u1',
        updatedBy: 'u1',
      };
      const record = await fx.callbackFor(id);
      expect(record.payload).toMatchObject({
        eventType: 'container.created',
        status: 'success',
        containerType: 'box',
        meta: { n: 1 },
      });
      expect(record.payload.data).toEqual(expected);
      const after = await fx.request('GET', `${BASE}/box/${id}`);
      expectConforms('container.json', after.body.data);
      expect(after.body).toEqual({
        data: expected,
        request: { uri: `${BASE}/box/${id}`, method: 'GET', queryString: '', body: {} },
      });
      const state = await fx.request('GET', `${BASE}/box/${id}/state`);
      expect(state.body.data).toEqual({ id, state: 'created' });
    });

    it('refuses tracking details without a trackingId, naming the field', async () => {
      expectError(
        await fx.request('POST', `${BASE}/box`, { body: { trackingDetails: [{ operator: 'x' }] } }),
        'VALIDATION_FAILED',
        'trackingDetails[0].trackingId is required',
        {
          field: 'trackingDetails[0].trackingId',
          rule: 'required',
          schema: 'container-create.json',
        },
      );
    });

    it('answers 404 for an unknown type, an unknown id and an id of another type', async () => {
      expectError(
        await fx.request('POST', `${BASE}/crate`, { body: {} }),
        'CONTAINER_TYPE_NOT_FOUND',
        '"crate"',
        { containerType: 'crate' },
      );
      expectError(
        await fx.request('GET', `${BASE}/box/box:nope`),
        'CONTAINER_NOT_FOUND',
        'box:nope',
        { id: 'box:nope' },
      );
      const bag = await one('bag');
      expectError(await fx.request('GET', `${BASE}/box/${bag}`), 'CONTAINER_NOT_FOUND', bag, {
        id: bag,
      });
      expectError(
        await fx.request('PUT', `${BASE}/box/${bag}`, { body: { isHazmat: true } }),
        'CONTAINER_NOT_FOUND',
        bag,
        { id: bag },
      );
    });

    it('updates asynchronously, merging attributes, and fails an update through another type while pending', async () => {
      const id = await one('box', { attributes: { a: 1, b: 2 } });
      const body = { attributes: { b: 3 }, isReusable: true, ...fx.callback() };
      const path = `${BASE}/box/${id}`;
      expect(
        expectAccepted(await fx.request('PUT', path, { body }), {
          uri: path,
          method: 'PUT',
          body,
        }),
      ).toBe(id);
      expect((await fx.request('GET', path)).body.data.isReusable).toBe(false);
      await fx.settle();
      const record = await fx.callbackFor(id);
      expect(record.payload).toMatchObject({ eventType: 'container.updated', status: 'success' });
      expect((await fx.request('GET', path)).body.data).toMatchObject({
        attributes: { a: 1, b: 3 },
        isReusable: true,
      });

      const pending = (await fx.request('POST', `${BASE}/bag`, { body: {} })).body.data.id;
      const wrong = await fx.request('PUT', `${BASE}/box/${pending}`, {
        body: { attributes: { hijacked: true }, ...fx.callback() },
      });
      expect(wrong.status).toBe(202);
      await fx.settle();
      const failed = await fx.callbackFor(pending);
      expect(failed.payload).toMatchObject({
        status: 'failed',
        reason: `no box container has id ${pending}`,
      });
      expect((await fx.request('GET', `${BASE}/bag/${pending}`)).body.data.attributes).toEqual({});
    });

    it('lists with /filter: paging, sorting, query and select', async () => {
      await created(
        'box',
        { scannableId: 'S-2', attributes: { zone: 'north' } },
        { scannableId: 'S-1', attributes: { zone: 'south' } },
        { scannableId: 'S-3', attributes: { zone: 'north' } },
      );
      await one('bag');
      const all = await fx.request('GET', `${BASE}/box/filter?sortBy=scannableId&sortKey=asc`);
      expect(all.body.data.meta).toEqual({ totalElements: 3 });
      expect(all.body.data.containers.map((c: { scannableId: string }) => c.scannableId)).toEqual([
        'S-1',
        'S-2',
        'S-3',
      ]);
      const query = encodeURIComponent(
        JSON.stringify({
          op: 'and',
          arr: [{ key: 'attributes.zone', value: 'north', expr: 'eq' }],
        }),
      );
      const north = await fx.request(
        'GET',
        `${BASE}/box/filter?query=${query}&sortBy=scannableId&sortKey=desc&limit=1&offset=1&select=scannableId`,
      );
      expect(north.body.data).toEqual({
        meta: { totalElements: 2 },
        containers: [{ scannableId: 'S-2' }],
      });
      expectError(
        await fx.request('GET', `${BASE}/box/filter?limit=5000`),
        'INVALID_QUERY',
        'limit',
        { parameter: 'limit' },
      );
      expectError(
        await fx.request('GET', `${BASE}/crate/filter`),
        'CONTAINER_TYPE_NOT_FOUND',
        '"crate"',
        { containerType: 'crate' },
      );
    });
  });

  describe('state events', () => {
    it('follows the default machine: created → open → closed → completed, and E-028 kills from any state', async () => {
      const [id, other] = await created('box', {}, {});
      const path = `${BASE}/box/${id}/state/event`;
      for (const [code, state] of [
        ['E-025', 'open'],
        ['E-026', 'closed'],
        ['E-025', 'open'],
        ['E-026', 'closed'],
        ['E-027', 'completed'],
        ['E-028', 'dead'],
      ] as const) {
        const body = { eventCode: code, reasonCode: 'R-0001', ...fx.callback() };
        expect(
          expectAccepted(await fx.request('PUT', path, { body }), {
            uri: path,
            method: 'PUT',
            body,
          }),
        ).toBe(id);
        await fx.settle();
        expect(await stateOf('box', id as string)).toBe(state);
      }
      const records = fx.mock.core.deliveries.list({ eventType: 'container.state-changed' });
      expect(records.map((r) => [r.payload.status, r.payload.data.state])).toEqual([
        ['success', 'open'],
        ['success', 'closed'],
        ['success', 'open'],
        ['success', 'closed'],
        ['success', 'completed'],
        ['success', 'dead'],
      ]);
      expect(records[0]?.payload.data).toMatchObject({
        event: { name: 'E-025', reasonCode: 'R-0001', propagate: false, data: {}, source: {} },
      });

      await fx.request('PUT', `${BASE}/box/${other}/state/event`, { body: { eventCode: 'E-028' } });
      await fx.settle();
      expect(await stateOf('box', other as string)).toBe('dead');
    });

    it('accepts an illegal event with 202 and fails it on the callback with the reason', async () => {
      const id = await one('box');
      const path = `${BASE}/box/${id}/state/event`;
      const body = { eventCode: 'E-027', ...fx.callback() };
      expectAccepted(await fx.request('PUT', path, { body }), { uri: path, method: 'PUT', body });
      await fx.settle();
      const record = await fx.callbackFor(id);
      expect(record.payload).toMatchObject({
        eventType: 'container.state-changed',
        status: 'failed',
        reason: 'event E-027 is not allowed in state created; allowed: E-025, E-028',
        data: { id, state: 'created', event: { name: 'E-027' } },
      });
      expect(await stateOf('box', id)).toBe('created');
    });

    it('propagates an event to every descendant that allows it, only when asked', async () => {
      const pallet = await one('pallet');
      const box = await one('box');
      const bag = await one('bag');
      for (const [child, parentId] of [
        [box, pallet],
        [bag, box],
      ]) {
        await fx.request('PUT', `${BASE}/${child}/child`, {
          body: { parentId, action: 'CONTAINERIZE' },
        });
      }
      await fx.settle();

      await fx.request('PUT', `${BASE}/pallet/${pallet}/state/event`, {
        body: { eventCode: 'E-025' },
      });
      await fx.settle();
      expect([await stateOf('pallet', pallet), await stateOf('box', box)]).toEqual([
        'open',
        'created',
      ]);

      await fx.request('PUT', `${BASE}/box/${box}/state/event`, { body: { eventCode: 'E-025' } });
      await fx.settle();
      const body = { eventCode: 'E-026', propagate: true, ...fx.callback() };
      await fx.request('PUT', `${BASE}/pallet/${pallet}/state/event`, { body });
      await fx.settle();
      const record = await fx.callbackFor(pallet);
      expect(record.payload.data).toMatchObject({
        id: pallet,
        state: 'closed',
        event: { name: 'E-026', propagate: true },
        propagatedTo: [box],
      });
      expect(
        [await stateOf('pallet', pallet), await stateOf('box', box), await stateOf('bag', bag)],
        'the bag was never opened, so E-026 does not apply to it',
      ).toEqual(['closed', 'closed', 'created']);
    });

    it('refuses an event with a malformed code and an event for an unknown container', async () => {
      const id = await one('box');
      expectError(
        await fx.request('PUT', `${BASE}/box/${id}/state/event`, {
          body: { eventCode: 'E 025' },
        }),
        'VALIDATION_FAILED',
        'eventCode',
        { field: 'eventCode', rule: 'pattern', schema: 'state-event.json' },
      );
      expectError(
        await fx.request('PUT', `${BASE}/box/box:nope/state/event`, {
          body: { eventCode: 'E-025' },
        }),
        'CONTAINER_NOT_FOUND',
        'box:nope',
        { id: 'box:nope' },
      );
    });
  });

  describe('containerize and decontainerize', () => {
    const move = async (
      childId: string,
      parentId: string,
      action: 'CONTAINERIZE' | 'DECONTAINERIZE' = 'CONTAINERIZE',
    ) => {
      const body = { parentId, action, ...fx.callback() };
      const path = `${BASE}/${childId}/child`;
      const answer = await fx.request('PUT', path, { body });
      expect(expectAccepted(answer, { uri: path, method: 'PUT', body })).toBe(childId);
      await fx.settle();
      const records = fx.mock.core.deliveries.list().filter((r) => r.payload.data.id === childId);
      return records[records.length - 1]?.payload;
    };

    it('puts a box in a pallet and takes it out again, updating both sides', async () => {
      const [pallet, box] = [await one('pallet'), await one('box')];
      const inside = await move(box, pallet);
      expect(inside).toMatchObject({
        eventType: 'container.containerized',
        status: 'success',
        containerType: 'box',
        data: { id: box, parentId: pallet },
      });
      expect(
        (await fx.request('GET', `${BASE}/pallet/${pallet}`)).body.data.childContainerIDs,
      ).toEqual([box]);

      const outside = await move(box, pallet, 'DECONTAINERIZE');
      expect(outside).toMatchObject({
        eventType: 'container.decontainerized',
        status: 'success',
        data: { id: box, parentId: null },
      });
      expect(
        (await fx.request('GET', `${BASE}/pallet/${pallet}`)).body.data.childContainerIDs,
      ).toEqual([]);
    });

    it('fails a move into a leaf type, into a type outside allowedParent, into itself and into a second parent', async () => {
      const [pallet, box, otherBox, bag] = [
        await one('pallet'),
        await one('box'),
        await one('box'),
        await one('bag'),
      ];
      expect(await move(box, bag)).toMatchObject({
        status: 'failed',
        reason: 'container type bag is a leaf and holds no containers',
        data: { id: box, parentId: bag },
      });
      expect(await move(box, otherBox)).toMatchObject({
        status: 'failed',
        reason: 'a box can only go into pallet, not box',
      });
      expect(await move(pallet, pallet)).toMatchObject({
        status: 'failed',
        reason: 'a container cannot contain itself',
      });
      expect((await move(bag, box)).status).toBe('success');
      expect(await move(bag, pallet)).toMatchObject({
        status: 'failed',
        reason: `container ${bag} is already in ${box}; decontainerize it first`,
      });
    });

    it('fails a move that would make a loop', async () => {
      const [pallet, box] = [await one('pallet'), await one('box')];
      expect((await move(box, pallet)).status).toBe('success');
      expect(await move(pallet, box)).toMatchObject({
        status: 'failed',
        reason: `container ${box} is inside ${pallet}; that would make a loop`,
      });
    });

    it('fails moving a container that is not containerizable, or into a parent that does not exist', async () => {
      const pallet = await one('pallet');
      const box = await one('box', { isContainerizable: false });
      expect(await move(box, pallet)).toMatchObject({
        status: 'failed',
        reason: `container ${box} is not containerizable`,
      });
      const other = await one('box');
      expect(await move(other, 'pallet:nope')).toMatchObject({
        status: 'failed',
        reason: 'parent container pallet:nope does not exist',
      });
    });

    it('fails decontainerizing from a container it is not in', async () => {
      const [pallet, box] = [await one('pallet'), await one('box')];
      expect(await move(box, pallet, 'DECONTAINERIZE')).toMatchObject({
        status: 'failed',
        reason: `container ${box} is in no container`,
      });
    });

    it('answers 404 for an unknown child and 400 for a request without action', async () => {
      expectError(
        await fx.request('PUT', `${BASE}/box:nope/child`, {
          body: { parentId: 'pallet:x', action: 'CONTAINERIZE' },
        }),
        'CONTAINER_NOT_FOUND',
        'box:nope',
        { id: 'box:nope' },
      );
      const box = await one('box');
      expectError(
        await fx.request('PUT', `${BASE}/${box}/child`, { body: { parentId: 'pallet:x' } }),
        'VALIDATION_FAILED',
        'action is required',
        { field: 'action', rule: 'required', schema: 'containerize.json' },
      );
    });
  });

  describe('batch', () => {
    it('creates a batch, reports it as accepted until processed, then completed with per-record results', async () => {
      const body = {
        payload: [
          { refID: 'a', scannableId: 'B-1' },
          { refID: 'b', trackingDetails: [{ operator: 'x' }] },
          { scannableId: 'B-3' },
        ],
        ...fx.callback(),
      };
      const path = `${BASE}/bag/batch`;
      const batchId = expectAccepted(await fx.request('POST', path, { body }), {
        uri: path,
        method: 'POST',
        body,
      });
      expect(batchId).toMatch(new RegExp(`^batch:${UUID}$`));
      const statusPath = `${BASE}/bag/batch/status?batchId=${batchId}`;
      const accepted = await fx.request('GET', statusPath);
      expect(accepted.body.data).toMatchObject({
        id: batchId,
        status: 'accepted',
        success: [],
        errors: [],
      });

      await fx.settle();
      const record = await fx.callbackFor(batchId);
      const ids = (await fx.request('GET', `${BASE}/bag/filter`)).body.data.containers.map(
        (c: { id: string }) => c.id,
      );
      const results = {
        id: batchId,
        meta: { status: 'partial', success: 2, failed: 1, total: 3 },
        errors: [{ refID: 'b', reason: 'trackingDetails[0].trackingId is required' }],
        success: [
          { refID: 'a', id: ids[0] },
          { refID: '2', id: ids[1] },
        ],
      };
      expect(record.payload).toMatchObject({
        eventType: 'container.batch-completed',
        status: 'success',
        containerType: 'bag',
      });
      expect(record.payload.data).toEqual(results);
      const completed = await fx.request('GET', statusPath);
      expect(completed.body.data).toEqual({ ...results, status: 'completed' });
    });

    it('updates in a batch by id and reports records without an id or with an unknown one', async () => {
      const [first, second] = await created('bag', {}, {});
      const body = {
        payload: [
          { refID: 'ok', id: first, isHazmat: true },
          { refID: 'no-id', isHazmat: true },
          { refID: 'unknown', id: 'bag:nope' },
          { refID: 'bad', id: second, isHazmat: 'yes' },
        ],
        ...fx.callback(),
      };
      const batchId = expectAccepted(await fx.request('PUT', `${BASE}/bag/batch`, { body }), {
        uri: `${BASE}/bag/batch`,
        method: 'PUT',
        body,
      });
      await fx.settle();
      const record = await fx.callbackFor(batchId);
      expect(record.payload.data).toEqual({
        id: batchId,
        meta: { status: 'partial', success: 1, failed: 3, total: 4 },
        success: [{ refID: 'ok', id: first }],
        errors: [
          { refID: 'no-id', reason: 'id is required to update' },
          { refID: 'unknown', reason: 'no bag container has id bag:nope' },
          { refID: 'bad', reason: 'isHazmat must be boolean' },
        ],
      });
      expect((await fx.request('GET', `${BASE}/bag/${first}`)).body.data.isHazmat).toBe(true);
      expect((await fx.request('GET', `${BASE}/bag/${second}`)).body.data.isHazmat).toBe(false);
    });

    it('refuses a batch over 1024 records, and a status request without or with an unknown batch id', async () => {
      expectError(
        await fx.request('POST', `${BASE}/bag/batch`, {
          body: { payload: Array.from({ length: 1025 }, () => ({})) },
        }),
        'VALIDATION_FAILED',
        'payload',
        { field: 'payload', rule: 'maxItems', schema: 'container-batch.json' },
      );
      expectError(await fx.request('GET', `${BASE}/bag/batch/status`), 'INVALID_QUERY', 'batchId', {
        parameter: 'batchId',
      });
      expectError(
        await fx.request('GET', `${BASE}/bag/batch/status?batchId=batch:nope`),
        'BATCH_NOT_FOUND',
        'batch:nope',
        { id: 'batch:nope' },
      );
      const batchId = (await fx.request('POST', `${BASE}/bag/batch`, { body: { payload: [{}] } }))
        .body.data.id;
      expectError(
        await fx.request('GET', `${BASE}/box/batch/status?batchId=${batchId}`),
        'BATCH_NOT_FOUND',
        batchId,
        { id: batchId },
      );
    });
  });
});

describe('callbacks.requireHttps', () => {
  const fx = useMockFixture({ config: { callbacks: { requireHttps: true } } });

  it('refuses an http callback URL, naming callback.url, and leaves no batch or operation behind', async () => {
    for (const path of [`${BASE}/bag/batch`, '/core/api/v2/participants/vehicles/batch']) {
      expectError(
        await fx.request('POST', path, {
          body: { payload: [{}], callback: { url: 'http://127.0.0.1:9/cb' } },
        }),
        'VALIDATION_FAILED',
        'callback.url must use https',
        { field: 'callback.url', rule: 'https' },
      );
    }
    expectError(
      await fx.request('POST', `${BASE}/bag`, { body: { callback: 'http://127.0.0.1:9/cb' } }),
      'VALIDATION_FAILED',
      'callback.url must use https',
      { field: 'callback', rule: 'https' },
    );
    expect(fx.mock.core.store.tenant('tenant-a').batches.size).toBe(0);
    expect(fx.mock.core.operations.pending).toBe(0);
    const https = { payload: [{}], callback: { url: 'https://127.0.0.1:9/cb' } };
    expect((await fx.request('POST', `${BASE}/bag/batch`, { body: https })).status).toBe(202);
    expect(fx.mock.core.store.tenant('tenant-a').batches.size).toBe(1);
  });
});
