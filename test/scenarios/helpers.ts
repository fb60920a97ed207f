import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { ScenarioRule } from '../../mock-server/generated/contracts.js';
import type { MockServer } from '../../mock-server/server.js';
import { admin } from '../support/os1-client.js';

export const BAGS = '/core/api/v2/containers/bag';

export { admin };

/** Adds rules over the admin API and checks they were taken. */
export async function addRules(mock: MockServer, ...rules: ScenarioRule[]): Promise<void> {
  const response = await admin(mock, 'POST', '/scenarios', rules.length === 1 ? rules[0] : rules);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

/** What a receiver saw of one connection: the request as far as it came, and how it ended. */
export interface ObservedRequest {
  headers: IncomingHttpHeaders;
  /** Bytes the Content-Length header promised. */
  promised: number;
  /** Bytes that arrived. */
  received: number;
  body: string;
  /** The body came in full. */
  complete: boolean;
  /** The connection closed before the body was complete. */
  cutOff: boolean;
  /** Real ms from the request's arrival to its end or cut-off. */
  lastedMs: number;
}

export interface ObservingReceiver {
  url: string;
  requests: ObservedRequest[];
  /** Resolves once `count` requests have ended one way or the other. */
  ended(count: number): Promise<ObservedRequest[]>;
  close(): Promise<void>;
}

/**
 * A receiver that watches each connection byte by byte: whether the body arrived in full or the
 * connection was cut. `patienceMs` makes it give up (destroy the socket) on a body that stalls.
 */
export async function startObservingReceiver(
  options: { patienceMs?: number } = {},
): Promise<ObservingReceiver> {
  const requests: ObservedRequest[] = [];
  const waiters: Array<() => void> = [];
  const settle = () => {
    for (const wake of waiters.splice(0)) wake();
  };
  const server: Server = createServer((request, response) => {
    const started = Date.now();
    const observed: ObservedRequest = {
      headers: request.headers,
      promised: Number(request.headers['content-length'] ?? 0),
      received: 0,
      body: '',
      complete: false,
      cutOff: false,
      lastedMs: 0,
    };
    const chunks: Buffer[] = [];
    let finished = false;
    const finish = (complete: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(patience);
      observed.body = Buffer.concat(chunks).toString('utf8');
      observed.complete = complete;
      observed.cutOff = !complete;
      observed.lastedMs = Date.now() - started;
      requests.push(observed);
      settle();
    };
    const patience =
      options.patienceMs === undefined
        ? undefined
        : setTimeout(() => {
            finish(false);
            request.socket.destroy();
          }, options.patienceMs);
    request.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      observed.received += chunk.length;
    });
    request.on('end', () => {
      finish(true);
      response.writeHead(200);
      response.end('ok');
    });
    request.on('error', () => finish(false));
    request.on('close', () => finish(observed.received === observed.promised && request.complete));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    requests,
    async ended(count) {
      const deadline = Date.now() + 5000;
      while (requests.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`only ${requests.length} of ${count} requests ended in 5 s`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
