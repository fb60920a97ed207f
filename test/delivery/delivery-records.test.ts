import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../mock-server/delivery/http-transport.js';
import type { OutgoingCallback, Transport } from '../../mock-server/delivery/transport.js';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { findProblem } from '../../mock-server/validation/validator.js';
import { call } from '../support/os1-client.js';
import { scheduleCallback } from './helpers.js';

const UNREACHABLE = 'http://127.0.0.1:9/callbacks';

describe('delivery records', () => {
  let mock: MockServer | undefined;

  afterEach(async () => {
    await mock?.stop();
    mock = undefined;
  });

  it('tells the transport to get ready once, when the first callback is scheduled, before it falls due', async () => {
    const sent: string[] = [];
    let prepared = 0;
    const transport: Transport = Object.assign(
      async (callback: OutgoingCallback) => {
        sent.push(callback.url);
        return { statusCode: 200, headers: {}, body: '' };
      },
      { prepare: () => prepared++ },
    );
    const server = await startMockServer({ clock: 'virtual', transport });
    mock = server;
    expect(prepared).toBe(0);
    // Accepted, not yet processed: the callback is not even scheduled, and the transport is told.
    const created = await call(server.url, 'POST', '/core/api/v2/containers/bag', {
      body: { callback: UNREACHABLE },
    });
    expect(created.status).toBe(202);
    expect(prepared).toBe(1);
    expect(server.core.deliveries.list()).toEqual([]);
    scheduleCallback(server, { url: UNREACHABLE, objectKey: 'bag:other' });
    await server.clock.advance(1_000);
    expect(sent).toHaveLength(2);
    expect(prepared).toBe(1);
  });

  it('tells the transport to get ready when a callback is scheduled without a request (TTL expiry, tests)', async () => {
    let prepared = 0;
    const transport: Transport = Object.assign(
      async () => ({ statusCode: 200, headers: {}, body: '' }),
      { prepare: () => prepared++ },
    );
    const server = await startMockServer({ clock: 'virtual', transport });
    mock = server;
    scheduleCallback(server, { url: UNREACHABLE });
    expect(prepared).toBe(1);
  });

  it("loads the HTTP transport's client on prepare, and sends at once afterwards", async () => {
    const transport = createHttpTransport(1);
    try {
      await transport.prepare();
      await expect(
        transport({ url: UNREACHABLE, headers: {}, body: '{}', timeoutMs: 1_000 }),
      ).rejects.toMatchObject({ kind: 'network-error', message: /connection refused/ });
    } finally {
      transport.close();
    }
  });

  it('gives every record an id of the documented shape that is never reused, even after a reset', async () => {
    const server = await startMockServer({ clock: 'virtual' });
    mock = server;
    const before = Array.from({ length: 50 }, () => scheduleCallback(server, { url: UNREACHABLE }));
    server.core.reset();
    const after = Array.from({ length: 50 }, () => scheduleCallback(server, { url: UNREACHABLE }));
    const ids = [...before, ...after].map((record) => record.id);
    expect(new Set(ids).size).toBe(100);
    for (const id of ids)
      expect(id).toMatch(/^dlv_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const other = await startMockServer({ clock: 'virtual' });
    try {
      expect(ids).not.toContain(scheduleCallback(other, { url: UNREACHABLE }).id);
    } finally {
      await other.stop();
    }
    expect(findProblem('admin-delivery.json', JSON.parse(JSON.stringify(after[0])))).toBeNull();
  });

  it('answers payload as the parsed bytes it sends, and shows it in JSON in the documented order', async () => {
    const server = await startMockServer({ clock: 'virtual' });
    mock = server;
    const record = scheduleCallback(server, { url: UNREACHABLE, objectKey: 'bag:payload' });
    expect(record.payload).toEqual(JSON.parse(record.body));
    expect(record.payload).toBe(record.payload);
    expect(record.payload).toMatchObject({ eventId: record.eventId, data: { id: 'bag:payload' } });
    const shown = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
    expect(Object.keys(shown)).toEqual([
      'id',
      'eventId',
      'eventType',
      'service',
      'tenantId',
      'requestId',
      'objectKey',
      'url',
      'payload',
      'body',
      'state',
      'createdAt',
      'dueAt',
      'deliveredAt',
      'deadReason',
      'attempts',
      'redeliveries',
    ]);
    expect(shown.payload).toEqual(record.payload);
    expect(findProblem('admin-delivery.json', shown)).toBeNull();
  });

  it("keeps the request secret out of JSON, inspection and the record's own keys", async () => {
    const server = await startMockServer({ clock: 'virtual' });
    mock = server;
    const secret = 'request-secret-never-shown';
    const record = scheduleCallback(server, { url: UNREACHABLE, requestSecret: secret });
    expect(JSON.stringify(record)).not.toContain(secret);
    expect(inspect(record, { depth: 5 })).not.toContain(secret);
    expect(Object.values(record)).not.toContain(secret);
    expect(server.core.deliveries.requestSecretFor(record.eventId)).toBe(secret);
  });
});
