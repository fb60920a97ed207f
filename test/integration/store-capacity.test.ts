import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../mock-server/config/defaults.js';
import { ConfigError } from '../../mock-server/config/load-config.js';
import { createMockCore } from '../../mock-server/core.js';
import type { BatchRecord } from '../../mock-server/domain/store.js';
import { startMockServer } from '../../mock-server/server.js';
import type { MockFixture } from '../support/mock-fixture.js';
import { TENANT_A, TENANT_B, useMockFixture } from '../support/mock-fixture.js';

const BAGS = '/core/api/v2/containers/bag';
const VEHICLES = '/core/api/v2/participants/vehicles';
const ORDERS = '/core/api/v2/entity/apps/app-1/orders';

/** Creates one object with a POST, lets it be processed, and answers its id. */
async function created(fx: MockFixture, path: string, body: object = {}, tenant = TENANT_A) {
  const answer = await fx.request('POST', path, { body, tenant });
  expect(answer.status).toBe(202);
  await fx.settle();
  return answer.body.data.id as string;
}

const statusOf = async (fx: MockFixture, path: string, tenant = TENANT_A) =>
  (await fx.request('GET', path, { tenant })).status;

async function health(fx: MockFixture) {
  const answer = await fx.request('GET', '/__admin/health', { headers: {} });
  expect(answer.status).toBe(200);
  return answer.body as { storedObjects: number; evictedObjects: number };
}

const vehicle = () => ({ uniqueCode: `V-${Math.random()}`, owner: 'fleet-1', properties: {} });
const order = () => ({ uniqueCode: `O-${Math.random()}`, owner: 'o', properties: {} });

describe('store.maxObjects 3', () => {
  const fx = useMockFixture({ config: { store: { maxObjects: 3 } } });

  it('keeps the last 3 of 5 containers readable, forgets the first 2, and counts both in health', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await created(fx, BAGS));

    const statuses = [];
    for (const id of ids) statuses.push(await statusOf(fx, `${BAGS}/${id}`));
    expect(statuses).toEqual([404, 404, 200, 200, 200]);
    const forgotten = await fx.request('GET', `${BAGS}/${ids[0]}`);
    expect(forgotten.body.error.additionalInfo).toMatchObject({ error: 'CONTAINER_NOT_FOUND' });
    expect(await health(fx)).toMatchObject({ storedObjects: 3, evictedObjects: 2 });
  });

  it('forgets the oldest object across tenants and kinds, batches and entity collections included', async () => {
    const participant = await created(fx, VEHICLES, vehicle(), TENANT_A);
    const otherTenantBag = await created(fx, BAGS, {}, TENANT_B);
    const entity = await created(fx, ORDERS, order(), TENANT_A);
    expect(await health(fx)).toMatchObject({ storedObjects: 3, evictedObjects: 0 });

    const bag = await created(fx, BAGS, {}, TENANT_A);
    expect(await statusOf(fx, `${VEHICLES}/${participant}`)).toBe(404);
    expect(await statusOf(fx, `${BAGS}/${otherTenantBag}`, TENANT_B)).toBe(200);
    expect(await statusOf(fx, `${ORDERS}/${entity}`)).toBe(200);

    // The batch record counts when accepted, the container it creates when processed.
    const batch = await fx.request('POST', `${BAGS}/batch`, {
      body: { payload: [{ scannableId: 'B-1' }] },
      tenant: TENANT_B,
    });
    expect(batch.status).toBe(202);
    await fx.settle();
    const batchId = batch.body.data.id as string;
    const batchStatus = `${BAGS}/batch/status?batchId=${batchId}`;
    expect(await statusOf(fx, `${BAGS}/${otherTenantBag}`, TENANT_B)).toBe(404);
    expect(await statusOf(fx, `${ORDERS}/${entity}`)).toBe(404);
    expect(await statusOf(fx, `${BAGS}/${bag}`)).toBe(200);
    expect(await statusOf(fx, batchStatus, TENANT_B)).toBe(200);
    // The emptied entity collection went with its last entity.
    expect(fx.mock.core.store.tenant(TENANT_A).entities.size).toBe(0);
    expect(await health(fx)).toMatchObject({ storedObjects: 3, evictedObjects: 3 });

    await created(fx, BAGS);
    expect(await statusOf(fx, `${BAGS}/${bag}`)).toBe(404);
    await created(fx, BAGS);
    expect(await statusOf(fx, batchStatus, TENANT_B)).toBe(404);
  });

  it('forgets nothing when stored objects are updated, one by one or in a batch', async () => {
    const ids = [await created(fx, BAGS), await created(fx, BAGS), await created(fx, BAGS)];
    for (const id of ids) {
      const updated = await fx.request('PUT', `${BAGS}/${id}`, { body: { isHazmat: true } });
      expect(updated.status).toBe(202);
      const moved = await fx.request('PUT', `${BAGS}/${id}/state/event`, {
        body: { eventCode: 'E-025' },
      });
      expect(moved.status).toBe(202);
    }
    await fx.settle();
    for (const id of ids) {
      const read = await fx.request('GET', `${BAGS}/${id}`);
      expect(read.status).toBe(200);
      expect(read.body.data).toMatchObject({ isHazmat: true, state: 'open' });
    }
    expect(await health(fx)).toMatchObject({ storedObjects: 3, evictedObjects: 0 });

    // A batch update: its own record is new (one eviction), the containers it updates are not.
    const batch = await fx.request('PUT', `${BAGS}/batch`, {
      body: { payload: ids.map((id) => ({ id, isReusable: true })) },
    });
    expect(batch.status).toBe(202);
    await fx.settle();
    expect(await statusOf(fx, `${BAGS}/${ids[0]}`)).toBe(404);
    expect((await fx.request('GET', `${BAGS}/${ids[2]}`)).body.data.isReusable).toBe(true);
    expect(await health(fx)).toMatchObject({ storedObjects: 3, evictedObjects: 1 });
  });

  it('starts counting again from zero after POST /__admin/reset', async () => {
    for (let n = 0; n < 4; n++) await created(fx, BAGS);
    expect(await health(fx)).toMatchObject({ storedObjects: 3, evictedObjects: 1 });

    const reset = await fx.request('POST', '/__admin/reset', { headers: {} });
    expect(reset.status).toBe(200);
    expect(await health(fx)).toMatchObject({ storedObjects: 0, evictedObjects: 0 });

    const ids = [await created(fx, BAGS), await created(fx, BAGS), await created(fx, BAGS)];
    expect(await health(fx)).toMatchObject({ storedObjects: 3, evictedObjects: 0 });
    for (const id of ids) expect(await statusOf(fx, `${BAGS}/${id}`)).toBe(200);
  });
});

describe('store.maxObjects 0', () => {
  const fx = useMockFixture({ config: { store: { maxObjects: 0 } } });

  it('keeps every object: no limit', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await created(fx, BAGS));
    for (const id of ids) expect(await statusOf(fx, `${BAGS}/${id}`)).toBe(200);
    expect(await health(fx)).toMatchObject({ storedObjects: 5, evictedObjects: 0 });
  });
});

describe('store.maxObjects with read lag', () => {
  const fx = useMockFixture({ config: { store: { maxObjects: 2 }, consistency: { lagMs: 500 } } });

  it('forgets the oldest object behind the lagging reads too', async () => {
    const ids = [await created(fx, BAGS), await created(fx, BAGS), await created(fx, BAGS)];
    await fx.settle(500);
    const statuses = [];
    for (const id of ids) statuses.push(await statusOf(fx, `${BAGS}/${id}`));
    expect(statuses).toEqual([404, 200, 200]);
    expect(await health(fx)).toMatchObject({ storedObjects: 2, evictedObjects: 1 });
  });
});

describe('store.maxObjects with container TTLs', () => {
  const fx = useMockFixture({
    config: {
      store: { maxObjects: 1 },
      stateMachines: {
        container: {
          initialState: 'created',
          states: [{ name: 'created', ttlMs: 3_600_000, ttlEvent: 'E-028' }, { name: 'dead' }],
          transitions: [{ from: '*', event: 'E-028', to: 'dead' }],
        },
      },
    },
  });

  it('cancels the armed expiry of a container it forgets', async () => {
    await created(fx, BAGS);
    expect(fx.mock.core.scheduler.pending).toBe(1); // its expiry, an hour away
    const kept = await created(fx, BAGS);
    expect(fx.mock.core.scheduler.pending).toBe(1);

    await fx.settle(3_600_000);
    const read = await fx.request('GET', `${BAGS}/${kept}`);
    expect(read.body.data.state).toBe('dead');
  });
});

describe('the store.maxObjects default', () => {
  it('is 250,000 objects across tenants, the oldest forgotten past it', () => {
    const config = defaultConfig();
    expect(config.store.maxObjects).toBe(250_000);
    const core = createMockCore({ config: { ...config, clock: 'virtual' } });
    try {
      const record = { status: 'completed' } as BatchRecord;
      const [a, b] = [core.store.tenant('a').batches, core.store.tenant('b').batches];
      for (let n = 0; n < 250_001; n++) (n % 2 === 0 ? a : b).set(`batch:${n}`, record);
      expect(core.store.capacity.stored).toBe(250_000);
      expect(core.store.capacity.evicted).toBe(1);
      expect(a.has('batch:0')).toBe(false);
      expect(b.has('batch:1')).toBe(true);
      expect(a.has('batch:250000')).toBe(true);
    } finally {
      core.close();
    }
  });
});

describe('the store.maxObjects config key', () => {
  it.each([
    [-1, '"store.maxObjects" must be >= 0'],
    [2.5, '"store.maxObjects" must be integer'],
    ['100', '"store.maxObjects" must be integer'],
    [100_000_001, '"store.maxObjects" must be <= 100000000'],
  ])('refuses %j, naming the key', async (maxObjects, message) => {
    const starting = startMockServer({ config: { store: { maxObjects: maxObjects as number } } });
    await expect(starting).rejects.toThrow(ConfigError);
    await expect(starting).rejects.toThrow(message);
  });
});
