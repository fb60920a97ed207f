// Example receiver code under test: verifies OS1 callbacks on the raw bytes, then records the bag.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface BagEvent {
  orderId: string;
  bagId: string;
  status: 'success' | 'failed';
}

export function orderReceiver(secret: string, onBag: (event: BagEvent) => void) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = createHmac('sha256', secret).update(raw).digest('hex');
      const given = String(request.headers['x-coreos-hmac-signature'] ?? '');
      if (
        given.length !== expected.length ||
        !timingSafeEqual(Buffer.from(given), Buffer.from(expected))
      ) {
        response.writeHead(401).end();
        return;
      }
      const callback = JSON.parse(raw.toString('utf8'));
      if (callback.eventType === 'container.created') {
        onBag({ orderId: callback.meta.orderId, bagId: callback.data.id, status: callback.status });
      }
      response.writeHead(202).end();
    });
  };
}
