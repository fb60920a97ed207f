import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { call } from '../support/os1-client.js';
import type { TestReceiver } from '../support/receiver.js';
import { startReceiver } from '../support/receiver.js';

describe('container create with a callback', () => {
  let mock: MockServer;
  let receiver: TestReceiver;

  beforeEach(async () => {
    mock = await startMockServer({ clock: 'virtual', secret: 'test-secret' });
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await mock.stop();
    await receiver.close();
  });

  it('answers 202 at once and posts a signed callback after processing', async () => {
    const created = await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
      body: { callback: { url: receiver.url, meta: { orderId: 7 } } },
    });
    expect(created.status).toBe(202);
    const id = created.body.data.id as string;
    expect(id).toMatch(/^bag:[0-9a-f-]{36}$/);

    const before = await call(mock.url, 'GET', `/core/api/v2/containers/bag/${id}`);
    expect(before.status).toBe(404);

    await mock.core.scheduler.advance(1000);
    const record = await mock.core.deliveries.waitFor((r) => r.payload.data.id === id);
    expect(record.state).toBe('delivered');

    expect(receiver.received).toHaveLength(1);
    const [callback] = receiver.received;
    const expected = createHmac('sha256', 'test-secret')
      .update(callback?.body ?? '')
      .digest('hex');
    expect(callback?.headers['x-coreos-hmac-signature']).toBe(expected);
    expect(callback?.json).toMatchObject({
      eventType: 'container.created',
      service: 'Container',
      tenantId: 'tenant-a',
      status: 'success',
      containerType: 'bag',
      meta: { orderId: 7 },
      data: { id, state: 'created' },
    });

    const after = await call(mock.url, 'GET', `/core/api/v2/containers/bag/${id}`);
    expect(after.status).toBe(200);
    expect(after.body.data.id).toBe(id);
  });
});
