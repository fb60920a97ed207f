// A receiver test: a real HTTP receiver on an ephemeral port gets callbacks from the fake OS1.
// In your project: import { startMockServer } from 'os1-mock';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { MockServer } from '../../mock-server/index.js';
import { startMockServer } from '../../mock-server/index.js';
import { createBag } from './bag-client.js';
import { type BagEvent, orderReceiver } from './order-receiver.js';

const SECRET = 'receiver-test-secret';
let mock: MockServer;
let receiver: Server;

afterEach(async () => {
  await mock.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

it('records the bag once OS1 calls back, and refuses callbacks signed with another secret', async () => {
  const bags: BagEvent[] = [];
  receiver = createServer(orderReceiver(SECRET, (event) => bags.push(event)));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/os1`;
  mock = await startMockServer({ clock: 'virtual', secret: SECRET });
  const os1 = { baseUrl: mock.url, tenantId: 'acme', accessToken: 'test-token' };

  const bagId = await createBag(os1, { orderId: 'B-2', callbackUrl });
  await mock.clock.advance(1_000);
  const delivery = await mock.deliveries.waitFor((record) => record.payload.data.id === bagId);

  expect(delivery.state).toBe('delivered');
  expect(delivery.attempts[0]?.statusCode).toBe(202);
  expect(bags).toEqual([{ orderId: 'B-2', bagId, status: 'success' }]);

  // A tenant whose callbacks are signed with another secret is refused with 401, and retried.
  mock.secrets.set('other', 'not-the-receiver-secret');
  await createBag({ ...os1, tenantId: 'other' }, { orderId: 'B-3', callbackUrl });
  await mock.clock.advance(1_000);
  const refused = mock.deliveries.list({ tenantId: 'other' })[0];
  expect(refused?.attempts[0]?.statusCode).toBe(401);
  expect(refused?.state).toBe('retrying');
  expect(bags).toHaveLength(1);
});
