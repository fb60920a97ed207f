import { describe, expect, it } from 'vitest';
import { useMockFixture } from '../support/mock-fixture.js';
import { BAGS } from './helpers.js';

const ENTITIES = '/core/api/v2/entity/apps/app1/widgets';

describe('eventual consistency: consistency.lagMs', () => {
  const fixture = useMockFixture({
    config: {
      consistency: { lagMs: 1_000 },
      callbacks: { delay: { distribution: 'fixed', ms: 100 } },
    },
  });

  const get = (path: string) => fixture.request('GET', path);

  it('keeps a processed create out of GET and list until createdAt + lagMs', async () => {
    const created = await fixture.request('POST', BAGS, { body: fixture.callback() });
    const id = created.body.data.id as string;
    await fixture.settle(100);
    const record = await fixture.callbackFor(id);
    expect(record.payload.status).toBe('success');

    await fixture.settle(999);
    expect((await get(`${BAGS}/${id}`)).status).toBe(404);
    expect((await get(`${BAGS}/filter`)).body.data.meta.totalElements).toBe(0);

    await fixture.settle(1);
    expect((await get(`${BAGS}/${id}`)).status).toBe(200);
    const list = await get(`${BAGS}/filter`);
    expect(list.body.data.containers.map((c: { id: string }) => c.id)).toEqual([id]);
  });

  it('shows the previous version of an updated object until updatedAt + lagMs', async () => {
    const created = await fixture.request('POST', BAGS, {
      body: { attributes: { colour: 'blue' } },
    });
    const id = created.body.data.id as string;
    await fixture.settle(2_000);
    const before = (await get(`${BAGS}/${id}`)).body.data;
    expect(before.attributes).toEqual({ colour: 'blue' });

    await fixture.request('PUT', `${BAGS}/${id}`, { body: { attributes: { colour: 'red' } } });
    await fixture.settle(100);
    await fixture.request('PUT', `${BAGS}/${id}/state/event`, { body: { eventCode: 'E-025' } });
    await fixture.settle(500);
    expect((await get(`${BAGS}/${id}`)).body.data).toEqual(before);
    expect((await get(`${BAGS}/filter`)).body.data.containers).toEqual([before]);

    // The update became visible 1 000 ms after it was processed; the state event 100 ms later.
    await fixture.settle(500);
    const updated = (await get(`${BAGS}/${id}`)).body.data;
    expect(updated).toMatchObject({ attributes: { colour: 'red' }, state: 'created' });
    await fixture.settle(100);
    expect((await get(`${BAGS}/${id}`)).body.data).toMatchObject({
      attributes: { colour: 'red' },
      state: 'open',
    });
  });

  it('lets writes see the truth: an object created a moment ago can be updated at once', async () => {
    const created = await fixture.request('POST', BAGS, { body: {} });
    const id = created.body.data.id as string;
    await fixture.settle(100);
    expect((await get(`${BAGS}/${id}`)).status).toBe(404);
    const updated = await fixture.request('PUT', `${BAGS}/${id}`, {
      body: { isHazmat: true, ...fixture.callback() },
    });
    expect(updated.status).toBe(202);
    await fixture.settle(100);
    expect((await fixture.callbackFor(id)).payload).toMatchObject({
      status: 'success',
      data: { isHazmat: true },
    });
  });

  it('lags entity reads the same way', async () => {
    const created = await fixture.request('POST', ENTITIES, {
      body: { uniqueCode: 'w-1', owner: 'o', properties: { size: 1 } },
    });
    const id = created.body.data.id as string;
    await fixture.settle(100);
    expect((await get(`${ENTITIES}/${id}`)).status).toBe(404);
    expect((await get(ENTITIES)).body.data.entities).toEqual([]);
    await fixture.settle(1_000);
    expect((await get(`${ENTITIES}/${id}`)).body.data.properties).toEqual({ size: 1 });

    await fixture.request('PUT', `${ENTITIES}/${id}`, { body: { properties: { size: 2 } } });
    await fixture.settle(100);
    expect((await get(`${ENTITIES}/${id}`)).body.data.properties).toEqual({ size: 1 });
    await fixture.settle(1_000);
    expect((await get(`${ENTITIES}/${id}`)).body.data.properties).toEqual({ size: 2 });
  });
});

describe('eventual consistency by default', () => {
  const fixture = useMockFixture({
    config: { callbacks: { delay: { distribution: 'fixed', ms: 100 } } },
  });

  it('shows a processed change at once when lagMs is 0', async () => {
    const created = await fixture.request('POST', BAGS, { body: {} });
    await fixture.settle(100);
    expect((await fixture.request('GET', `${BAGS}/${created.body.data.id}`)).status).toBe(200);
  });
});
