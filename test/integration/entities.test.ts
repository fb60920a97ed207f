import { describe, expect, it } from 'vitest';
import {
  expectAccepted,
  expectConforms,
  expectError,
  useMockFixture,
} from '../support/mock-fixture.js';
import { os1Headers } from '../support/os1-client.js';
import { rawRequest } from '../support/raw-request.js';

const APP = '/core/api/v2/entity/apps/app-1';
const ORDERS = `${APP}/orders`;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const queryOf = (query: unknown) => `query=${encodeURIComponent(JSON.stringify(query))}`;

describe('Entity service over HTTP', () => {
  const fx = useMockFixture();

  /** Creates entities in a collection, processes them and answers their ids. */
  async function created(path: string, ...bodies: Array<Record<string, unknown>>) {
    const ids: string[] = [];
    for (const fields of bodies) {
      const body = { uniqueCode: `E-${Math.random()}`, owner: 'o', properties: {}, ...fields };
      ids.push(
        expectAccepted(await fx.request('POST', path, { body }), {
          uri: path,
          method: 'POST',
          body,
        }),
      );
    }
    await fx.settle();
    return ids;
  }

  it('creates an entity: 202 with a typed id, 404 until processed, then stored and called back', async () => {
    const body = {
      uniqueCode: 'ORD-1',
      name: 'First order',
      owner: 'shop-1',
      category: 'retail',
      subCategory: 'online',
      properties: { color: 'red' },
      templateId: 'tpl-1',
      state: 'new',
      ...fx.callback({ trace: 'x' }),
    };
    const id = expectAccepted(await fx.request('POST', ORDERS, { body }), {
      uri: ORDERS,
      method: 'POST',
      body,
    });
    expect(id).toMatch(new RegExp(`^orders:${UUID}$`));
    expectError(await fx.request('GET', `${ORDERS}/${id}`), 'ENTITY_NOT_FOUND', id, { id });

    await fx.settle();
    const expected = {
      id,
      appId: 'app-1',
      entityType: 'orders',
      uniqueCode: 'ORD-1',
      name: 'First order',
      owner: 'shop-1',
      category: 'retail',
      subCategory: 'online',
      properties: { color: 'red' },
      templateId: 'tpl-1',
      state: 'new',
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
      createdBy: 'u1',
      updatedBy: 'u1',
    };
    const record = await fx.callbackFor(id);
    expect(record.payload).toMatchObject({
      eventType: 'entity.created',
      service: 'Entity',
      tenantId: 'tenant-a',
      status: 'success',
      entityType: 'orders',
      meta: { trace: 'x' },
    });
    expect(record.payload.data).toEqual(expected);
    const after = await fx.request('GET', `${ORDERS}/${id}`);
    expectConforms('entity.json', after.body.data);
    expect(after.body).toEqual({
      data: expected,
      request: { uri: `${ORDERS}/${id}`, method: 'GET', queryString: '', body: {} },
    });
  });

  it('refuses a create without owner and names the field', async () => {
    expectError(
      await fx.request('POST', ORDERS, { body: { uniqueCode: 'x', properties: {} } }),
      'VALIDATION_FAILED',
      'owner is required',
      { field: 'owner', rule: 'required', schema: 'entity-create.json' },
    );
  });

  it('refuses an app id or entity type with characters outside the allowed set', async () => {
    expectError(
      await fx.request('GET', '/core/api/v2/entity/apps/app%20one/orders'),
      'INVALID_QUERY',
      'appId',
      { parameter: 'appId' },
    );
  });

  it('refuses an app id or entity type made only of dots', async () => {
    // Raw bytes: fetch would resolve the dot segments away before sending.
    for (const path of [
      '/core/api/v2/entity/apps/%2E%2E/orders',
      '/core/api/v2/entity/apps/shop/..',
    ]) {
      const answer = await rawRequest(fx.mock.url, {
        method: 'POST',
        path,
        headers: { ...os1Headers('tenant-a') },
        body: JSON.stringify({ uniqueCode: 'u', owner: 'o', properties: {} }),
      });
      expect(answer.status, path).toBe(400);
      expect(answer.json).toMatchObject({
        error: { description: expect.stringContaining('not only dots') },
      });
    }
  });

  it('fails a create with a duplicate uniqueCode asynchronously, naming the code', async () => {
    const [first] = await created(ORDERS, { uniqueCode: 'DUP' });
    const body = { uniqueCode: 'DUP', owner: 'o', properties: {}, ...fx.callback() };
    const id = (await fx.request('POST', ORDERS, { body })).body.data.id;
    await fx.settle();
    expect((await fx.callbackFor(id)).payload).toMatchObject({
      status: 'failed',
      reason: `an entity with uniqueCode "DUP" already exists (${first})`,
      data: { id },
    });
  });

  it('updates asynchronously, merging properties, and keeps old values until processed', async () => {
    const [id] = await created(ORDERS, { name: 'Old', properties: { color: 'red', size: 'L' } });
    const path = `${ORDERS}/${id}`;
    const body = { properties: { color: 'blue' }, name: 'New', state: 'paid', ...fx.callback() };
    expect(
      expectAccepted(await fx.request('PUT', path, { body }), {
        uri: path,
        method: 'PUT',
        body,
      }),
    ).toBe(id);
    expect((await fx.request('GET', path)).body.data.name).toBe('Old');
    await fx.settle();
    expect((await fx.callbackFor(id as string)).payload).toMatchObject({
      eventType: 'entity.updated',
      status: 'success',
      entityType: 'orders',
    });
    expect((await fx.request('GET', path)).body.data).toMatchObject({
      name: 'New',
      state: 'paid',
      properties: { color: 'blue', size: 'L' },
    });
  });

  it('answers 404 to an update of an unknown id and refuses an update without properties', async () => {
    expectError(
      await fx.request('PUT', `${ORDERS}/orders:nope`, { body: { properties: {} } }),
      'ENTITY_NOT_FOUND',
      'orders:nope',
      { id: 'orders:nope' },
    );
    const [id] = await created(ORDERS, {});
    expectError(
      await fx.request('PUT', `${ORDERS}/${id}`, { body: { properties: 'red' } }),
      'VALIDATION_FAILED',
      'properties must be object',
      { field: 'properties', rule: 'type', schema: 'entity-update.json' },
    );
  });

  it('filters a list with the JSON query OS1 documents, and with or, in and nested groups', async () => {
    await created(
      ORDERS,
      { uniqueCode: 'A', properties: { color: 'red', qty: 1 } },
      { uniqueCode: 'B', properties: { color: 'blue', qty: 5 } },
      { uniqueCode: 'C', properties: { color: 'red', qty: 9 } },
    );
    const codes = async (query: unknown, extra = '') => {
      const answer = await fx.request('GET', `${ORDERS}?${queryOf(query)}${extra}`);
      expect(answer.status).toBe(200);
      return answer.body.data.entities.map((e: { uniqueCode: string }) => e.uniqueCode);
    };
    const red = { op: 'and', arr: [{ key: 'properties.color', value: 'red', expr: 'eq' }] };
    expect(await codes(red)).toEqual(['A', 'C']);
    expect(await codes(red, '&limit=1&offset=1')).toEqual(['C']);
    expect(
      await codes({
        op: 'or',
        arr: [
          { key: 'properties.color', value: 'blue', expr: 'eq' },
          { key: 'properties.qty', value: 9, expr: 'gte' },
        ],
      }),
    ).toEqual(['B', 'C']);
    expect(
      await codes({
        op: 'and',
        arr: [
          { key: 'uniqueCode', value: ['A', 'B'], expr: 'in' },
          { op: 'or', arr: [{ key: 'properties.qty', value: 3, expr: 'gt' }] },
        ],
      }),
    ).toEqual(['B']);

    const all = await fx.request('GET', ORDERS);
    expect(all.body.data.meta).toEqual({ totalElements: 3 });
    expect(all.body.request).toEqual({ uri: ORDERS, method: 'GET', queryString: '', body: {} });
  });

  it('refuses a query with an unknown operator, naming the field', async () => {
    expectError(
      await fx.request(
        'GET',
        `${ORDERS}?${queryOf({ op: 'and', arr: [{ key: 'name', value: 1, expr: 'like' }] })}`,
      ),
      'INVALID_QUERY',
      'query.arr[0].expr must be one of',
      { parameter: 'query', field: 'query.arr[0].expr', rule: 'enum' },
    );
  });

  it('keeps collections apart per app and per entity type', async () => {
    const [order] = await created(ORDERS, { uniqueCode: 'SAME' });
    const [other] = await created('/core/api/v2/entity/apps/app-2/orders', { uniqueCode: 'SAME' });
    expect(other).not.toBe(order);
    expect((await fx.request('GET', '/core/api/v2/entity/apps/app-2/orders')).body.data).toEqual({
      entities: [expect.objectContaining({ id: other, appId: 'app-2' })],
      meta: { totalElements: 1 },
    });
    expect((await fx.request('GET', `${APP}/invoices`)).body.data.entities).toEqual([]);
    expectError(
      await fx.request('GET', `/core/api/v2/entity/apps/app-2/orders/${order}`),
      'ENTITY_NOT_FOUND',
      order as string,
      { id: order },
    );
    expectError(
      await fx.request('PUT', `${APP}/invoices/${order}`, { body: { properties: {} } }),
      'ENTITY_NOT_FOUND',
      order as string,
      { id: order },
    );
  });

  it('fails an update sent to another collection while the entity is pending', async () => {
    const body = { uniqueCode: 'P', owner: 'o', properties: {} };
    const id = (await fx.request('POST', ORDERS, { body })).body.data.id;
    const wrong = await fx.request('PUT', `${APP}/invoices/${id}`, {
      body: { properties: { hijacked: true }, ...fx.callback() },
    });
    expect(wrong.status).toBe(202);
    await fx.settle();
    expect((await fx.callbackFor(id)).payload).toMatchObject({
      status: 'failed',
      reason: `entity ${id} does not exist`,
    });
    expect((await fx.request('GET', `${ORDERS}/${id}`)).body.data.properties).toEqual({});
  });

  it('stores no collection for reads, and applies an update sent while the first create is pending', async () => {
    const tenant = fx.mock.core.store.tenant('tenant-a');
    for (let n = 0; n < 5; n++) {
      expect((await fx.request('GET', `${APP}/ghosts${n}`)).status).toBe(200);
      await fx.request('GET', `${APP}/ghosts${n}/ghosts:${n}`);
    }
    expect(tenant.entities.size).toBe(0);

    const body = { uniqueCode: 'FIRST', owner: 'o', properties: { a: 1 } };
    const id = (await fx.request('POST', `${APP}/fresh`, { body })).body.data.id;
    const update = { properties: { b: 2 }, ...fx.callback() };
    expect((await fx.request('PUT', `${APP}/fresh/${id}`, { body: update })).status).toBe(202);
    await fx.settle();
    expect((await fx.callbackFor(id)).payload.status).toBe('success');
    expect((await fx.request('GET', `${APP}/fresh/${id}`)).body.data.properties).toEqual({
      a: 1,
      b: 2,
    });
    expect([...tenant.entities.keys()]).toEqual(['app-1/fresh']);
  });

  it('keeps every create sent to a new collection before the first is processed', async () => {
    const ids = await created(`${APP}/newcomers`, { uniqueCode: 'N1' }, { uniqueCode: 'N2' });
    const list = await fx.request('GET', `${APP}/newcomers`);
    expect(list.body.data.entities.map((e: { id: string }) => e.id)).toEqual(ids);
  });
});
