#!/usr/bin/env node
// The callback receiver of the throughput bench: answers every POST 200 at once and counts it, by
// the first path segment (/floor/..., /os1-mock/...), so the floor's and the mock's callbacks are
// counted apart. When BENCH_SECRET is set it also checks the os1 signature (lowercase hex
// HMAC-SHA256 of the raw body in X-COREOS-HMAC-SIGNATURE) and counts the valid ones.
//   GET /count -> {"byPath":{"floor":{"received":n,"signed":n}, ...}}
// Prints "ready at http://127.0.0.1:<port>" once listening. Loopback only. Runs in its own process
// so that counting never shares an event loop with the server under test.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.BENCH_SECRET ?? '';
const counts = new Map();

function countFor(path) {
  const segment = path.split('/')[1] || '(root)';
  let count = counts.get(segment);
  if (!count) {
    count = { received: 0, signed: 0 };
    counts.set(segment, count);
  }
  return count;
}

function validSignature(body, header) {
  if (secret === '' || typeof header !== 'string' || !/^[0-9a-f]{64}$/.test(header)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(Buffer.from(header, 'hex'), expected);
}

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/count') {
    request.resume();
    const byPath = Object.fromEntries(counts);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ byPath }));
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const count = countFor(request.url ?? '/');
    count.received++;
    if (validSignature(Buffer.concat(chunks), request.headers['x-coreos-hmac-signature'])) {
      count.signed++;
    }
    response.writeHead(200, { 'content-length': '0' }).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready at http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
