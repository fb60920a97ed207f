import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../mock-server/delivery/transport.js';

interface Seen {
  path: string | undefined;
  contentLength: string | undefined;
  bytes: Buffer;
}

/** A receiver that answers every request with the raw header lines it is given. */
async function rawReceiver(headerLines: string[][]): Promise<{
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}> {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        path: request.url,
        contentLength: request.headers['content-length'],
        bytes: Buffer.concat(chunks),
      });
      response.writeHead(503, headerLines.flat());
      response.end('try later');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('the HTTP transport', () => {
  const closing: Array<() => unknown> = [];

  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
  });

  it('sends the exact UTF-8 bytes of a body with multi-byte characters, with their byte length', async () => {
    const receiver = await rawReceiver([]);
    const transport = createHttpTransport(4);
    closing.push(receiver.close, transport.close);
    const body = JSON.stringify({ name: 'Zürich → 東京 📦' });
    const response = await transport({ url: receiver.url, headers: {}, body, timeoutMs: 5_000 });
    expect(response.statusCode).toBe(503);
    expect(response.body).toBe('try later');
    expect(receiver.seen[0]?.bytes.toString('utf8')).toBe(body);
    expect(receiver.seen[0]?.contentLength).toBe(String(Buffer.byteLength(body)));
  });

  it('reads Retry-After whatever its case, keeping the first when a receiver sends two', async () => {
    const receiver = await rawReceiver([
      ['X-Other', 'a'],
      ['RETRY-After', '7'],
      ['retry-after', '9'],
    ]);
    const transport = createHttpTransport(4);
    closing.push(receiver.close, transport.close);
    const response = await transport({
      url: receiver.url,
      headers: {},
      body: '{}',
      timeoutMs: 5_000,
    });
    expect(response.headers['retry-after']).toBe('7');
  });

  it('sends to each URL it is given, however many share a host', async () => {
    const receiver = await rawReceiver([]);
    const transport = createHttpTransport(4);
    closing.push(receiver.close, transport.close);
    for (const path of ['/a', '/b?x=1', '/a']) {
      await transport({ url: `${receiver.url}${path}`, headers: {}, body: path, timeoutMs: 5_000 });
    }
    expect(receiver.seen.map((entry) => [entry.path, entry.bytes.toString()])).toEqual([
      ['/callbacks/a', '/a'],
      ['/callbacks/b?x=1', '/b?x=1'],
      ['/callbacks/a', '/a'],
    ]);
  });
});
