import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../mock-server/delivery/http-transport.js';
import { listenOnLoopback } from './helpers.js';

interface Seen {
  path: string | undefined;
  contentLength: string | undefined;
  authorization: string | undefined;
  bytes: Buffer;
}

/** A receiver that answers every request 503 with the raw header lines it is given. */
async function rawReceiver(headerLines: string[][]) {
  const seen: Seen[] = [];
  const receiver = await answeringReceiver((body, response, request) => {
    seen.push({
      path: request.url,
      contentLength: request.headers['content-length'],
      authorization: request.headers.authorization,
      bytes: Buffer.from(body, 'utf8'),
    });
    response.writeHead(503, headerLines.flat());
    response.end('try later');
  });
  return { ...receiver, seen };
}

/** A receiver that hands each request's body to `handle` once it has arrived. */
function answeringReceiver(
  handle: (body: string, response: ServerResponse, request: IncomingMessage) => void,
) {
  return listenOnLoopback(
    createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => handle(Buffer.concat(chunks).toString('utf8'), response, request));
    }),
  );
}

/** Posts `body` to `url` through `transport`, allowing 5 s for the answer. */
const post = (transport: ReturnType<typeof createHttpTransport>, url: string, body = '{}') =>
  transport({ url, headers: {}, body, timeoutMs: 5_000 });

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
    const response = await post(transport, receiver.url, body);
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
    const response = await post(transport, receiver.url);
    expect(response.headers['retry-after']).toBe('7');
  });

  it('sends to each URL it is given, however many share a host', async () => {
    const receiver = await rawReceiver([]);
    const transport = createHttpTransport(4);
    closing.push(receiver.close, transport.close);
    for (const path of ['/a', '/b?x=1', '/a']) {
      await post(transport, `${receiver.url}${path}`, path);
    }
    expect(receiver.seen.map((entry) => [entry.path, entry.bytes.toString()])).toEqual([
      ['/callbacks/a', '/a'],
      ['/callbacks/b?x=1', '/b?x=1'],
      ['/callbacks/a', '/a'],
    ]);
  });

  it('sends the user info of a callback URL as Basic credentials, never in the path', async () => {
    const receiver = await rawReceiver([]);
    const transport = createHttpTransport(4);
    closing.push(receiver.close, transport.close);
    const url = receiver.url.replace('http://', 'http://hook%20user:p%40ss@');
    await post(transport, url);
    expect(receiver.seen[0]?.path).toBe('/callbacks');
    expect(receiver.seen[0]?.authorization).toBe(
      `Basic ${Buffer.from('hook user:p@ss').toString('base64')}`,
    );
  });

  it('keeps only the first 2 KiB of a long answer', async () => {
    const receiver = await answeringReceiver((_body, response) => {
      response.writeHead(500).end('x'.repeat(10_000));
    });
    const transport = createHttpTransport(4);
    closing.push(receiver.close, transport.close);
    const response = await post(transport, receiver.url);
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('x'.repeat(2048));
  });

  it('calls a connection closed without an answer a network error that says so', async () => {
    const receiver = await answeringReceiver((_body, _response, request) =>
      request.socket.destroy(),
    );
    const transport = createHttpTransport(4);
    closing.push(receiver.close, transport.close);
    await expect(post(transport, receiver.url)).rejects.toMatchObject({
      kind: 'network-error',
      message: 'the receiver closed the connection before answering',
    });
  });

  it('times out an attempt still waiting for a connection, and never sends it late', async () => {
    const bodies: string[] = [];
    const receiver = await answeringReceiver((body, response) => {
      bodies.push(body);
      if (body === 'third') response.writeHead(200).end(); // the others get no answer
    });
    const transport = createHttpTransport(1);
    closing.push(receiver.close, transport.close);
    const send = (body: string, timeoutMs: number) =>
      transport({ url: receiver.url, headers: {}, body, timeoutMs });
    const first = send('first', 200);
    const second = send('second', 20);
    await expect(second).rejects.toMatchObject({
      kind: 'timeout',
      message: 'no answer within 20 ms',
    });
    await expect(first).rejects.toMatchObject({ kind: 'timeout' });
    // Queued after the second: had the second been sent late, it would have gone first.
    await expect(send('third', 5_000)).resolves.toMatchObject({ statusCode: 200 });
    expect(bodies).toEqual(['first', 'third']);
  });
});
