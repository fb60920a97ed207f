import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  /** The exact bytes received, as UTF-8. */
  body: string;
  json: unknown;
}

export interface ReplyPlan {
  status: number;
  headers?: Record<string, string>;
}

/**
 * A callback receiver on 127.0.0.1 and an ephemeral port that records every request and answers
 * from a plan (then `fallback`), so tests can script 503, 503, 200 and the like.
 */
export interface TestReceiver {
  url: string;
  received: ReceivedCallback[];
  plan: ReplyPlan[];
  fallback: ReplyPlan;
  close(): Promise<void>;
}

export async function startReceiver(fallback: ReplyPlan = { status: 200 }): Promise<TestReceiver> {
  const received: ReceivedCallback[] = [];
  const receiver: Omit<TestReceiver, 'url' | 'close'> = { received, plan: [], fallback };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      received.push({ headers: request.headers, body, json });
      const reply = receiver.plan.shift() ?? receiver.fallback;
      response.writeHead(reply.status, reply.headers ?? {});
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/callbacks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
