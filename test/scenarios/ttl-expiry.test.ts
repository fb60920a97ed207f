import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useMockFixture } from '../support/mock-fixture.js';
import { BAGS } from './helpers.js';

const MACHINE = {
  initialState: 'created',
  states: [
    { name: 'created' },
    { name: 'open', ttlMs: 60_000, ttlEvent: 'E-EXPIRE' },
    { name: 'expired', ttlMs: 30_000, ttlEvent: 'E-028' },
    { name: 'dead' },
  ],
  transitions: [
    { from: 'created', event: 'E-025', to: 'open' },
    { from: 'open', event: 'E-026', to: 'created' },
    { from: 'open', event: 'E-EXPIRE', to: 'expired' },
    { from: '*', event: 'E-028', to: 'dead' },
  ],
};

describe('TTL expiry of container states', () => {
  const fixture = useMockFixture({
    secret: 'server-secret',
    config: { callbacks: { delay: { distribution: 'fixed', ms: 100 } } },
  });

  /** A bag of a type with MACHINE, created and processed; answers its id. */
  const bagWithTtlStates = async (): Promise<string> => {
    const configured = await fixture.request(
      'PUT',
      '/core/api/v2/containers/container-types/bag/config/state-machine',
      { body: MACHINE },
    );
    expect(configured.status).toBe(202);
    await fixture.settle(1000);
    const created = await fixture.request('POST', BAGS, { body: {} });
    await fixture.settle(1000);
    return created.body.data.id as string;
  };

  const stateEvent = async (id: string, eventCode: string, body: object = {}) => {
    const response = await fixture.request('PUT', `${BAGS}/${id}/state/event`, {
      body: { eventCode, ...body },
    });
    expect(response.status).toBe(202);
  };

  const ttlCallbacks = () =>
    fixture.receiver.received.filter(
      (callback) => (callback.json as { eventType: string }).eventType === 'container.ttl-expired',
    );

  it('applies ttlEvent after ttlMs in the state and calls back, unasked, to the URL that moved it there', async () => {
    const id = await bagWithTtlStates();
    await stateEvent(id, 'E-025', {
      ...fixture.callback({ mine: true }),
    });
    // Processed 100 ms after it was accepted, so the TTL falls due at 60 100 ms.
    await fixture.settle(60_099);
    expect(ttlCallbacks()).toEqual([]);
    expect((await fixture.request('GET', `${BAGS}/${id}`)).body.data.state).toBe('open');

    await fixture.settle(1);
    const record = await fixture.callbackFor(id, (r) => r.eventType === 'container.ttl-expired');
    expect(record.requestId).toBeNull();
    expect(record.payload).toMatchObject({
      eventType: 'container.ttl-expired',
      service: 'Container',
      status: 'success',
      containerType: 'bag',
      data: {
        id,
        state: 'expired',
        previousState: 'open',
        event: { name: 'E-EXPIRE', ttlMs: 60_000 },
      },
    });
    expect(record.payload).not.toHaveProperty('requestId');
    expect(record.payload).not.toHaveProperty('meta');
    const [callback] = ttlCallbacks();
    expect(callback?.headers['x-coreos-hmac-signature']).toBe(
      createHmac('sha256', 'server-secret')
        .update(callback?.body ?? '')
        .digest('hex'),
    );
    expect((await fixture.request('GET', `${BAGS}/${id}`)).body.data.state).toBe('expired');
  });

  it('chains: the state a TTL leads to can expire in turn', async () => {
    const id = await bagWithTtlStates();
    await stateEvent(id, 'E-025', fixture.callback());
    await fixture.settle(61_000);
    await fixture.settle(30_000);
    expect(
      ttlCallbacks().map((callback) => (callback.json as { data: { state: string } }).data.state),
    ).toEqual(['expired', 'dead']);
  });

  it('does nothing when the container left the state before its TTL', async () => {
    const id = await bagWithTtlStates();
    await stateEvent(id, 'E-025', fixture.callback());
    await fixture.settle(10_000);
    await stateEvent(id, 'E-026', fixture.callback());
    await fixture.settle(120_000);
    expect(ttlCallbacks()).toEqual([]);
    expect((await fixture.request('GET', `${BAGS}/${id}`)).body.data.state).toBe('created');
  });

  it('restarts the TTL when the container enters the state again', async () => {
    const id = await bagWithTtlStates();
    await stateEvent(id, 'E-025', fixture.callback());
    await fixture.settle(40_000);
    await stateEvent(id, 'E-026');
    await fixture.settle(1_000);
    await stateEvent(id, 'E-025', fixture.callback());
    await fixture.settle(40_000);
    expect(ttlCallbacks()).toEqual([]);
    await fixture.settle(21_000);
    expect(ttlCallbacks()).toHaveLength(1);
  });

  it('still moves the container when the request that moved it into the state had no callback', async () => {
    const id = await bagWithTtlStates();
    await stateEvent(id, 'E-025');
    await fixture.settle(61_000);
    expect(fixture.receiver.received).toEqual([]);
    expect((await fixture.request('GET', `${BAGS}/${id}`)).body.data.state).toBe('expired');
  });
});

describe('TTL expiry of an initial state', () => {
  const fixture = useMockFixture({
    config: {
      stateMachines: {
        container: {
          initialState: 'created',
          states: [{ name: 'created', ttlMs: 5_000, ttlEvent: 'E-028' }, { name: 'dead' }],
          transitions: [{ from: '*', event: 'E-028', to: 'dead' }],
        },
      },
    },
  });

  it('arms on create and calls back to the create request callback URL', async () => {
    const created = await fixture.request('POST', BAGS, { body: fixture.callback() });
    const id = created.body.data.id as string;
    await fixture.settle(1_000);
    await fixture.settle(5_000);
    const record = await fixture.callbackFor(id, (r) => r.eventType === 'container.ttl-expired');
    expect(record.payload.data).toMatchObject({ state: 'dead', previousState: 'created' });
  });
});
