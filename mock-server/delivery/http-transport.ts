import type { FaultyCallback } from './fault-sender.js';
import { createFaultSender } from './fault-sender.js';
import { createPooledSender } from './pooled-sender.js';
import type { OutgoingCallback, Transport, TransportResponse } from './transport.js';

/**
 * Callbacks over real HTTP(S): the usual attempt through undici's pooled keep-alive connections,
 * an attempt that plays a simulated connection fault through node:http. At most `maxSockets`
 * connections to each origin, for each.
 */
export function createHttpTransport(
  maxSockets: number,
): Transport & { close(): void; prepare(): Promise<void> } {
  const pooled = createPooledSender(maxSockets);
  const faulty = createFaultSender(maxSockets);
  const send = (callback: OutgoingCallback): Promise<TransportResponse> =>
    callback.fault ? faulty.send(callback as FaultyCallback) : pooled.send(callback);
  return Object.assign(send, {
    prepare: () => pooled.prepare(),
    close() {
      pooled.close();
      faulty.close();
    },
  });
}
