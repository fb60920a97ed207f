#!/usr/bin/env node
// The floor of the throughput bench: the least a server can do for OS1's asynchronous pattern.
// It reads each request's body, answers 202 with a small JSON body, and posts one unsigned callback
// per request to the URL given as the first argument, through a keep-alive agent with as many
// sockets as os1-mock's default concurrency (64). No validation, no signing, no state, no timers.
//   node bench/floor-server.mjs http://127.0.0.1:<port>/floor/callbacks
//   GET /__bench/accepted -> {"accepted":n,"callbackErrors":n}
// Prints "ready at http://127.0.0.1:<port>" once listening. Loopback only.
import http from 'node:http';

const callbackUrl = new URL(process.argv[2] ?? '');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let accepted = 0;
let callbackErrors = 0;

function postCallback(id) {
  const body = JSON.stringify({
    eventId: `evt_${id}`,
    eventType: 'container.created',
    service: 'Container',
    status: 'success',
    timestamp: Date.now(),
    data: { id: `bag:${id}`, state: 'created' },
  });
  const request = http.request(callbackUrl, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  request.on('error', () => callbackErrors++);
  request.on('response', (response) => response.resume());
  request.end(body);
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/__bench/accepted') {
    request.resume();
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ accepted, callbackErrors }));
    return;
  }
  request.resume();
  request.on('end', () => {
    const id = ++accepted;
    response
      .writeHead(202, { 'content-type': 'application/json' })
      .end(`{"data":{"id":"bag:${id}"}}`);
    postCallback(id);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready at http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  agent.destroy();
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
