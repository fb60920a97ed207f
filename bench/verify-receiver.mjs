#!/usr/bin/env node
// A small callback receiver that meets the OS1 receiver contract, for timing `os1-mock verify`
// against a local receiver. It does what examples/koa-receiver does, on bare node:http and in plain
// JavaScript so that the bench needs no TypeScript loader:
//   1. read the raw bytes; 2. check X-COREOS-HMAC-SIGNATURE (lowercase hex HMAC-SHA256 of exactly
//   those bytes, compared in constant time): 401 if it does not match; 3. parse the JSON: 400 if it
//   is not a callback with an eventId; 4. 202 for a new eventId, 200 for one already seen.
//   BENCH_SECRET=<secret> node bench/verify-receiver.mjs
// Prints "ready at http://127.0.0.1:<port>" once listening. Loopback only.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.BENCH_SECRET ?? '';
const MAX_BODY = 5 * 1024 * 1024;
const seen = new Set();

function signed(body, header) {
  if (typeof header !== 'string' || !/^[0-9a-f]{64}$/.test(header)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(Buffer.from(header, 'hex'), expected);
}

function eventIdOf(body) {
  try {
    const value = JSON.parse(body.toString('utf8'));
    const eventId = value !== null && typeof value === 'object' ? value.eventId : undefined;
    return typeof eventId === 'string' && eventId !== '' ? eventId : null;
  } catch {
    return null;
  }
}

function reply(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const server = createServer((request, response) => {
  const chunks = [];
  let size = 0;
  request.on('data', (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  request.on('end', () => {
    if (request.method !== 'POST') return reply(response, 405, { error: 'callbacks are POSTed' });
    if (size > MAX_BODY) return reply(response, 413, { error: 'body too large' });
    const body = Buffer.concat(chunks);
    if (!signed(body, request.headers['x-coreos-hmac-signature'])) {
      return reply(response, 401, { error: 'invalid signature' });
    }
    const eventId = eventIdOf(body);
    if (eventId === null) return reply(response, 400, { error: 'not an OS1 callback' });
    if (seen.has(eventId)) return reply(response, 200, { received: true, duplicate: true });
    seen.add(eventId);
    reply(response, 202, { received: true });
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready at http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
