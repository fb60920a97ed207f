import { describe, expect, it, vi } from 'vitest';
import type { MockFixture } from '../support/mock-fixture.js';
import { TENANT_A, TENANT_B, useMockFixture } from '../support/mock-fixture.js';

const VEHICLES = '/core/api/v2/participants/vehicles';
const DRIVERS = '/core/api/v2/participants/drivers';
const ORDERS = '/core/api/v2/entity/apps/app-1/orders';
const RETURNS = '/core/api/v2/entity/apps/app-1/returns';
const BAGS = '/core/api/v2/containers/bag';

/** Sends a create with this uniqueCode and a callback to the receiver; answers the accepted id. */
async function accepted(fx: MockFixture, path: string, uniqueCode: string, tenant = TENANT_A) {
  const body = { uniqueCode, owner: 'o', properties: {}, ...fx.callback() };
  const answer = await fx.request('POST', path, { body, tenant });
  expect(answer.status).toBe(202);
  return answer.body.data.id as string;
}

/** The status and reason of the create's callback, once processed. */
async function outcomeOf(fx: MockFixture, id: string) {
  await fx.settle();
  const { status, reason } = (await fx.callbackFor(id)).payload;
  return reason === undefined ? { status } : { status, reason };
}

/** Creates with this uniqueCode, processes it, and answers the id of what was stored. */
async function created(fx: MockFixture, path: string, uniqueCode: string, tenant = TENANT_A) {
  const id = await accepted(fx, path, uniqueCode, tenant);
  expect(await outcomeOf(fx, id)).toEqual({ status: 'success' });
  return id;
}

/** Stores a container: one more object against store.maxObjects. */
async function storeBag(fx: MockFixture) {
  expect((await fx.request('POST', BAGS, { body: {} })).status).toBe(202);
  await fx.settle();
}

const SUCCESS = { status: 'success' };

describe('the uniqueCode of participants and entities', () => {
  const fx = useMockFixture();

  it('refuses a second entity with a uniqueCode its collection holds, naming the holder', async () => {
    const first = await created(fx, ORDERS, 'ORD-1');
    const second = await accepted(fx, ORDERS, 'ORD-1');
    expect(await outcomeOf(fx, second)).toEqual({
      status: 'failed',
      reason: `an entity with uniqueCode "ORD-1" already exists (${first})`,
    });
    expect((await fx.request('GET', `${ORDERS}/${second}`)).status).toBe(404);
  });

  it('holds a code only within its participant type, entity collection and tenant', async () => {
    await created(fx, VEHICLES, 'C-1');
    await created(fx, ORDERS, 'C-1');
    await fx.request('POST', '/core/api/v2/participants/participant-types', {
      body: { name: { singular: 'driver', plural: 'drivers' } },
    });
    await fx.settle();

    expect(await outcomeOf(fx, await accepted(fx, DRIVERS, 'C-1'))).toEqual(SUCCESS);
    expect(await outcomeOf(fx, await accepted(fx, RETURNS, 'C-1'))).toEqual(SUCCESS);
    expect(await outcomeOf(fx, await accepted(fx, VEHICLES, 'C-1', TENANT_B))).toEqual(SUCCESS);
    expect(await outcomeOf(fx, await accepted(fx, ORDERS, 'C-1', TENANT_B))).toEqual(SUCCESS);
  });

  it('checks the code when a create is processed: of two accepted together, the first processed wins', async () => {
    for (const [path, refused] of [
      [VEHICLES, 'a vehicle'],
      [ORDERS, 'an entity'],
    ] as const) {
      const first = await accepted(fx, path, 'SAME');
      const second = await accepted(fx, path, 'SAME');
      expect(await outcomeOf(fx, first)).toEqual(SUCCESS);
      expect(await outcomeOf(fx, second)).toEqual({
        status: 'failed',
        reason: `${refused} with uniqueCode "SAME" already exists (${first})`,
      });
    }
  });

  it('refuses a batch item whose code a stored participant holds, and a create whose code a batch item took', async () => {
    const stored = await created(fx, VEHICLES, 'B-1');
    const batch = await fx.request('POST', `${VEHICLES}/batch`, {
      body: {
        payload: [
          { refID: 'old', uniqueCode: 'B-1', owner: 'o', properties: {} },
          { refID: 'new', uniqueCode: 'B-2', owner: 'o', properties: {} },
        ],
        ...fx.callback(),
      },
    });
    expect(batch.status).toBe(202);
    await fx.settle();
    const data = (await fx.callbackFor(batch.body.data.id)).payload.data as {
      id: string;
      success: Array<{ refID: string; id: string }>;
      errors: unknown[];
    };
    expect(data.errors).toEqual([
      { refID: 'old', reason: `a vehicle with uniqueCode "B-1" already exists (${stored})` },
    ]);
    const fromBatch = data.success.find((item) => item.refID === 'new')?.id;
    expect(fromBatch).toEqual(expect.any(String));

    expect(await outcomeOf(fx, await accepted(fx, VEHICLES, 'B-2'))).toEqual({
      status: 'failed',
      reason: `a vehicle with uniqueCode "B-2" already exists (${fromBatch})`,
    });
  });

  it('looks a code up instead of going through the stored participants or entities', async () => {
    await created(fx, VEHICLES, 'S-1');
    await created(fx, ORDERS, 'S-1');
    const tenant = fx.mock.core.store.tenant(TENANT_A);
    const orders = tenant.entities.get('app-1/orders');
    if (!orders) throw new Error('the orders collection was not stored');
    const walks = [tenant.participants, orders].flatMap((map) => [
      vi.spyOn(map, 'values'),
      vi.spyOn(map, 'entries'),
      vi.spyOn(map, 'keys'),
      vi.spyOn(map, 'forEach'),
      vi.spyOn(map, Symbol.iterator),
    ]);

    const duplicates = [await accepted(fx, VEHICLES, 'S-1'), await accepted(fx, ORDERS, 'S-1')];
    const fresh = [await accepted(fx, VEHICLES, 'S-2'), await accepted(fx, ORDERS, 'S-2')];
    for (const id of duplicates) expect((await outcomeOf(fx, id)).status).toBe('failed');
    for (const id of fresh) expect(await outcomeOf(fx, id)).toEqual(SUCCESS);
    for (const walk of walks) expect(walk).not.toHaveBeenCalled();
  });

  it('frees every code on POST /__admin/reset', async () => {
    await created(fx, VEHICLES, 'R-1');
    await created(fx, ORDERS, 'R-1');
    const reset = await fx.request('POST', '/__admin/reset', { headers: {} });
    expect(reset.status).toBe(200);

    expect(await outcomeOf(fx, await accepted(fx, VEHICLES, 'R-1'))).toEqual(SUCCESS);
    expect(await outcomeOf(fx, await accepted(fx, ORDERS, 'R-1'))).toEqual(SUCCESS);
  });
});

describe('the uniqueCode of a participant or entity the store forgets (store.maxObjects 2)', () => {
  const fx = useMockFixture({ config: { store: { maxObjects: 2 } } });
  const codes = () => {
    const tenant = fx.mock.core.store.tenant(TENANT_A);
    return { participants: tenant.participantCodes.size, entities: tenant.entityCodes.size };
  };

  it('is free again once the participant holding it is forgotten', async () => {
    const holder = await created(fx, VEHICLES, 'E-1');
    expect(await outcomeOf(fx, await accepted(fx, VEHICLES, 'E-1'))).toEqual({
      status: 'failed',
      reason: `a vehicle with uniqueCode "E-1" already exists (${holder})`,
    });
    await storeBag(fx);
    await storeBag(fx);
    expect((await fx.request('GET', `${VEHICLES}/${holder}`)).status).toBe(404);
    expect(codes()).toEqual({ participants: 0, entities: 0 });

    expect(await outcomeOf(fx, await accepted(fx, VEHICLES, 'E-1'))).toEqual(SUCCESS);
  });

  it('is free again once the entity holding it is forgotten, with its collection', async () => {
    const holder = await created(fx, ORDERS, 'E-1');
    await storeBag(fx);
    await storeBag(fx);
    expect((await fx.request('GET', `${ORDERS}/${holder}`)).status).toBe(404);
    expect(codes()).toEqual({ participants: 0, entities: 0 });

    expect(await outcomeOf(fx, await accepted(fx, ORDERS, 'E-1'))).toEqual(SUCCESS);
  });

  it('keeps one code per stored participant or entity, however many were created', async () => {
    for (let n = 0; n < 10; n++) {
      await created(fx, VEHICLES, `V-${n}`);
      await created(fx, ORDERS, `O-${n}`);
    }
    expect(fx.mock.core.store.capacity.stored).toBe(2);
    expect(codes()).toEqual({ participants: 1, entities: 1 });
    // The codes kept are those of the objects kept.
    expect(await outcomeOf(fx, await accepted(fx, ORDERS, 'O-9'))).toMatchObject({
      status: 'failed',
    });
    expect(await outcomeOf(fx, await accepted(fx, VEHICLES, 'V-8'))).toEqual(SUCCESS);
  });
});
