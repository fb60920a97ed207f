// A client test: the fake OS1 answers in-process through nock, with no port and no sleeping.
// In your project: import { interceptOs1 } from 'os1-mock/nock';
import { afterEach, expect, it } from 'vitest';
import type { InProcessCallback } from '../../mock-server/nock/index.js';
import { interceptOs1 } from '../../mock-server/nock/index.js';
import { createBag } from './bag-client.js';

const os1 = { baseUrl: 'https://acme.os1.test', tenantId: 'acme', accessToken: 'test-token' };
let restore = () => {};
afterEach(() => restore());

it('creates a bag and gets a signed container.created callback carrying the order id', async () => {
  const callbacks: InProcessCallback[] = [];
  const mock = interceptOs1({
    baseUrl: os1.baseUrl,
    clock: 'virtual',
    receiver: (callback) => {
      callbacks.push(callback);
      return 200;
    },
  });
  restore = mock.restore;

  const bagId = await createBag(os1, { orderId: 'A-17', callbackUrl: 'https://shop.test/os1' });
  await mock.clock.advance(1_000);
  await mock.deliveries.waitFor((delivery) => delivery.payload.data.id === bagId);

  expect(callbacks.map((callback) => callback.json)).toMatchObject([
    {
      eventType: 'container.created',
      status: 'success',
      meta: { orderId: 'A-17' },
      data: { id: bagId },
    },
  ]);
  mock.deliveries.assertNoPendingDeliveries();
});
