import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildCallbackPayload } from '../../mock-server/delivery/callback-payload.js';
import type { DeliveryRecord } from '../../mock-server/delivery/delivery-record.js';
import type { MockServer } from '../../mock-server/server.js';
import { admin } from '../support/os1-client.js';

export interface ScheduleOptions {
  url: string;
  objectKey?: string;
  tenantId?: string;
  requestSecret?: string;
  /** Defaults to now on the mock's clock. */
  dueAt?: number;
}

/** Puts one container.created callback straight into the delivery queue (no API request). */
export function scheduleCallback(mock: MockServer, options: ScheduleOptions): DeliveryRecord {
  const tenantId = options.tenantId ?? 'tenant-a';
  const objectKey = options.objectKey ?? `bag:${Math.random().toString(16).slice(2)}`;
  return mock.core.deliveries.enqueue({
    eventType: 'container.created',
    service: 'Container',
    tenantId,
    requestId: 'req-test',
    objectKey,
    url: options.url,
    payload: buildCallbackPayload({
      eventType: 'container.created',
      service: 'Container',
      tenantId,
      requestId: 'req-test',
      timestamp: mock.core.clock.now(),
      status: 'success',
      data: { id: objectKey },
    }),
    requestSecret: options.requestSecret ?? null,
    ...(options.dueAt === undefined ? {} : { dueAt: options.dueAt }),
  });
}

export { admin };

/** Listens on 127.0.0.1 at an ephemeral port; answers the /callbacks URL there and a close() that drops open connections. */
export async function listenOnLoopback(
  server: Server,
): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A receiver that accepts connections and never answers; close() drops them. */
export const startSilentReceiver = (): Promise<{ url: string; close(): Promise<void> }> =>
  listenOnLoopback(createServer(() => {}));

/** A loopback URL where nothing listens: a port taken from the OS and released again. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/callbacks`;
}

/** The gaps between each attempt's due time and the previous attempt's start. */
export function retryGaps(record: DeliveryRecord): number[] {
  return record.attempts
    .slice(1)
    .map((attempt, index) => attempt.dueAt - (record.attempts[index]?.startedAt ?? Number.NaN));
}
