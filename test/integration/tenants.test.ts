import { describe, expect, it } from 'vitest';
import { expectError, TENANT_A, TENANT_B, useMockFixture } from '../support/mock-fixture.js';
import { startReceiver } from '../support/receiver.js';

const P = '/core/api/v2/participants';
const C = '/core/api/v2/containers';
const E = '/core/api/v2/entity/apps/app-1/orders';

describe('tenant isolation', () => {
  const fx = useMockFixture();

  /** One participant, one container and one entity of tenant A, not yet processed. */
  async function sendTenantAObjects() {
    const post = async (path: string, body: unknown) =>
      (await fx.request('POST', path, { body, tenant: TENANT_A })).body.data.id as string;
    return {
      vehicle: await post(`${P}/vehicles`, {
        uniqueCode: 'SAME',
        owner: 'o',
        properties: {},
        ...fx.callback(),
      }),
      box: await post(`${C}/box`, fx.callback()),
      order: await post(E, { uniqueCode: 'SAME', owner: 'o', properties: {}, ...fx.callback() }),
    };
  }

  it("never lists or reads another tenant's participants, containers or entities", async () => {
    const a = await sendTenantAObjects();
    await fx.settle();
    const asB = (path: string) => fx.request('GET', path, { tenant: TENANT_B });

    expect((await asB(`${P}/vehicles`)).body.data).toEqual({
      participants: [],
      meta: { totalElements: 0 },
    });
    expect((await asB(`${C}/box/filter`)).body.data).toEqual({
      meta: { totalElements: 0 },
      containers: [],
    });
    expect((await asB(E)).body.data).toEqual({ entities: [], meta: { totalElements: 0 } });
    expectError(await asB(`${P}/vehicles/${a.vehicle}`), 'PARTICIPANT_NOT_FOUND', a.vehicle, {
      id: a.vehicle,
    });
    expectError(await asB(`${C}/box/${a.box}`), 'CONTAINER_NOT_FOUND', a.box, { id: a.box });
    expectError(await asB(`${C}/box/${a.box}/state`), 'CONTAINER_NOT_FOUND', a.box, {
      id: a.box,
    });
    expectError(await asB(`${E}/${a.order}`), 'ENTITY_NOT_FOUND', a.order, { id: a.order });

    // Tenant A still sees all three.
    for (const path of [`${P}/vehicles/${a.vehicle}`, `${C}/box/${a.box}`, `${E}/${a.order}`]) {
      expect((await fx.request('GET', path, { tenant: TENANT_A })).status).toBe(200);
    }
  });

  it("answers 404 to another tenant's changes, even while tenant A's objects are still pending", async () => {
    const a = await sendTenantAObjects();
    for (const settled of [false, true]) {
      const asB = (method: string, path: string, body: unknown) =>
        fx.request(method, path, { tenant: TENANT_B, body });
      const why = settled ? 'processed' : 'pending';
      expectError(
        await asB('PUT', `${P}/vehicles/${a.vehicle}`, { properties: { x: 1 } }),
        'PARTICIPANT_NOT_FOUND',
        a.vehicle,
        { id: a.vehicle },
      );
      expectError(
        await asB('PUT', `${P}/vehicles/${a.vehicle}/state/event`, { eventCode: 'E-022' }),
        'PARTICIPANT_NOT_FOUND',
        a.vehicle,
        { id: a.vehicle },
      );
      expectError(
        await asB('PUT', `${C}/box/${a.box}`, { isHazmat: true }),
        'CONTAINER_NOT_FOUND',
        a.box,
        { id: a.box },
      );
      expectError(
        await asB('PUT', `${C}/box/${a.box}/state/event`, { eventCode: 'E-025' }),
        'CONTAINER_NOT_FOUND',
        a.box,
        { id: a.box },
      );
      expectError(
        await asB('PUT', `${C}/${a.box}/child`, { parentId: 'pallet:x', action: 'CONTAINERIZE' }),
        'CONTAINER_NOT_FOUND',
        a.box,
        { id: a.box },
      );
      expectError(
        await asB('PUT', `${E}/${a.order}`, { properties: { x: 1 } }),
        'ENTITY_NOT_FOUND',
        a.order,
        { id: a.order },
      );
      expect(fx.mock.core.operations.pending, `nothing of B's was accepted (${why})`).toBe(
        settled ? 0 : 3,
      );
      await fx.settle();
    }
    const vehicle = await fx.request('GET', `${P}/vehicles/${a.vehicle}`, { tenant: TENANT_A });
    expect(vehicle.body.data).toMatchObject({ properties: {}, state: 'onboarding:onboarding' });
  });

  it('lets each tenant use the same uniqueCode, and signs each callback for its own tenant', async () => {
    const a = await sendTenantAObjects();
    const body = { uniqueCode: 'SAME', owner: 'o', properties: {}, ...fx.callback() };
    const b = (await fx.request('POST', `${P}/vehicles`, { body, tenant: TENANT_B })).body.data.id;
    await fx.settle();
    const [forA, forB] = [await fx.callbackFor(a.vehicle), await fx.callbackFor(b)];
    expect([forA.payload.status, forB.payload.status]).toEqual(['success', 'success']);
    expect([forA.payload.tenantId, forB.payload.tenantId]).toEqual([TENANT_A, TENANT_B]);
    const received = fx.receiver.received.filter(
      (r) => (r.json as { data: { id: string } }).data.id === b,
    );
    expect(received.map((r) => r.headers['x-coreos-tid'])).toEqual([TENANT_B]);
  });

  it('keeps a participant type created by tenant A unknown (404) to tenant B', async () => {
    const type = { name: { singular: 'driver', plural: 'drivers' } };
    expect(
      (await fx.request('POST', `${P}/participant-types`, { body: type, tenant: TENANT_A })).status,
    ).toBe(202);
    await fx.settle();
    expect((await fx.request('GET', `${P}/participant-types/drivers`)).status).toBe(200);

    const asB = (method: string, path: string, body?: unknown) =>
      fx.request(method, path, { tenant: TENANT_B, body });
    expectError(
      await asB('GET', `${P}/participant-types/drivers`),
      'PARTICIPANT_TYPE_NOT_FOUND',
      '"drivers"',
      {
        participantType: 'drivers',
      },
    );
    expectError(
      await asB('POST', `${P}/drivers`, { uniqueCode: 'x', owner: 'o', properties: {} }),
      'PARTICIPANT_TYPE_NOT_FOUND',
      `tenant ${TENANT_B}`,
      { participantType: 'drivers' },
    );
    expectError(await asB('GET', `${P}/drivers`), 'PARTICIPANT_TYPE_NOT_FOUND', '"drivers"', {
      participantType: 'drivers',
    });
    const types = (await asB('GET', `${P}/participant-types`)).body.data;
    expect(types.meta).toEqual({ totalElements: 2 });

    // B may create a type of the same name: it is B's own.
    expect((await asB('POST', `${P}/participant-types`, type)).status).toBe(202);
  });

  it('keeps a container type created by tenant A unknown (404) to tenant B', async () => {
    await fx.request('POST', `${C}/container-types`, { body: { name: 'crate' }, tenant: TENANT_A });
    await fx.settle();
    expect((await fx.request('GET', `${C}/container-types/crate`)).status).toBe(200);

    const asB = (method: string, path: string, body?: unknown) =>
      fx.request(method, path, { tenant: TENANT_B, body });
    for (const [method, path, body] of [
      ['GET', `${C}/container-types/crate`, undefined],
      ['POST', `${C}/crate`, {}],
      ['GET', `${C}/crate/filter`, undefined],
      [
        'PUT',
        `${C}/container-types/crate/config/attributes`,
        { attributes: [{ name: 'w', dataType: 'number' }] },
      ],
    ] as const) {
      expectError(await asB(method, path, body), 'CONTAINER_TYPE_NOT_FOUND', '"crate"', {
        containerType: 'crate',
      });
    }
    expect((await asB('GET', `${C}/container-types`)).body.data.meta).toEqual({ totalElements: 3 });
  });

  it("keeps one tenant's type configuration and batches from the other", async () => {
    await fx.request('PUT', `${P}/participant-types/vehicles/config/attributes`, {
      body: { attributes: [{ name: 'color', dataType: 'string' }] },
    });
    await fx.request('PUT', `${C}/container-types/bag/config/state-machine`, {
      body: { initialState: 'empty', states: [{ name: 'empty' }], transitions: [] },
    });
    const batchId = (await fx.request('POST', `${C}/bag/batch`, { body: { payload: [{}] } })).body
      .data.id;
    await fx.settle();

    const asB = (path: string) => fx.request('GET', path, { tenant: TENANT_B });
    expect((await asB(`${P}/participant-types/vehicles`)).body.data.attributes).toEqual([]);
    expect((await asB(`${C}/container-types/bag`)).body.data.stateMachine.initialState).toBe(
      'created',
    );
    expectError(await asB(`${C}/bag/batch/status?batchId=${batchId}`), 'BATCH_NOT_FOUND', batchId, {
      id: batchId,
    });
    expect((await fx.request('GET', `${C}/bag/batch/status?batchId=${batchId}`)).status).toBe(200);
  });
});

describe('callback ordering across tenants', () => {
  const fx = useMockFixture();

  it("never holds a tenant's type callback behind another tenant's stalled one for a type of the same name", async () => {
    const stalled = await startReceiver({ status: 503 });
    try {
      const attributes = [{ name: 'weight', dataType: 'number' }];
      for (const [tenant, url] of [
        [TENANT_A, stalled.url],
        [TENANT_B, fx.receiver.url],
      ] as const) {
        for (const path of [
          `${C}/container-types/bag/config/attributes`,
          `${P}/participant-types/vehicles/config/attributes`,
        ]) {
          const answer = await fx.request('PUT', path, {
            body: { attributes, callback: { url } },
            tenant,
          });
          expect(answer.status).toBe(202);
        }
      }
      await fx.settle();
      const deliveredToB = await Promise.all(
        ['bag', 'vehicles'].map((id) =>
          fx.callbackFor(id, (record) => record.tenantId === TENANT_B),
        ),
      );
      expect(deliveredToB.map((record) => record.state)).toEqual(['delivered', 'delivered']);
      expect(stalled.received).toHaveLength(2);
      expect(fx.mock.core.deliveries.list({ tenantId: TENANT_A, state: 'retrying' })).toHaveLength(
        2,
      );
    } finally {
      await stalled.close();
    }
  });
});

describe('admin views across tenants', () => {
  const fx = useMockFixture();

  async function oneCallbackEach(): Promise<void> {
    for (const tenant of [TENANT_A, TENANT_B]) {
      const body = { uniqueCode: tenant, owner: 'o', properties: {}, ...fx.callback() };
      await fx.request('POST', `${P}/riders`, { body, tenant });
    }
    await fx.request('POST', `${C}/bag`, { body: fx.callback(), tenant: TENANT_A });
    await fx.settle();
    await fx.mock.core.deliveries.waitFor(() => fx.mock.core.deliveries.pendingCount === 0);
  }

  it('filters the delivery log by tenant and service and reads one delivery by id', async () => {
    await oneCallbackEach();
    const forA = await fx.request('GET', `/__admin/deliveries?tenant=${TENANT_A}`, {
      headers: {},
    });
    expect(forA.status).toBe(200);
    expect(forA.body.total).toBe(2);
    expect(forA.body.deliveries.map((d: { tenantId: string }) => d.tenantId)).toEqual([
      TENANT_A,
      TENANT_A,
    ]);
    const containersOfA = await fx.request(
      'GET',
      `/__admin/deliveries?tenant=${TENANT_A}&service=Container&state=delivered`,
      { headers: {} },
    );
    expect(containersOfA.body.deliveries).toEqual([
      expect.objectContaining({ service: 'Container', tenantId: TENANT_A, state: 'delivered' }),
    ]);
    const forB = await fx.request('GET', `/__admin/deliveries?tenant=${TENANT_B}`, { headers: {} });
    expect(forB.body.deliveries).toEqual([
      expect.objectContaining({ service: 'Participant', tenantId: TENANT_B }),
    ]);

    const id = forB.body.deliveries[0].id as string;
    const one = await fx.request('GET', `/__admin/deliveries/${id}`, { headers: {} });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, tenantId: TENANT_B, url: fx.receiver.url });
    expectError(
      await fx.request('GET', '/__admin/deliveries/nope', { headers: {} }),
      'DELIVERY_NOT_FOUND',
      'nope',
      { id: 'nope' },
    );
    expectError(
      await fx.request('GET', '/__admin/deliveries?service=Billing', { headers: {} }),
      'INVALID_QUERY',
      'service',
      { parameter: 'service' },
    );
  });

  it("reports health, and reset forgets every tenant's data and deliveries", async () => {
    await oneCallbackEach();
    const health = await fx.request('GET', '/__admin/health', { headers: {} });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', clock: 'virtual', pendingCallbacks: 0 });

    const reset = await fx.request('POST', '/__admin/reset', { headers: {} });
    expect(reset.status).toBe(200);
    for (const tenant of [TENANT_A, TENANT_B]) {
      const riders = await fx.request('GET', `${P}/riders`, { tenant });
      expect(riders.body.data.meta).toEqual({ totalElements: 0 });
    }
    const deliveries = await fx.request('GET', '/__admin/deliveries', { headers: {} });
    expect(deliveries.body).toMatchObject({ deliveries: [], total: 0 });
  });
});
