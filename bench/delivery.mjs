#!/usr/bin/env node
// Callback delivery benchmark (a script, not a test). Run against the built package:
//   npm run build && node --expose-gc bench/delivery.mjs   (--expose-gc steadies the memory figures)
// With --json it also prints one line "BENCH_RESULT {...}" with the figures (bench/run.mjs reads it).
// Measures, on the real clock and a loopback receiver running in a worker thread:
//   1. callbacks delivered per second;
//   2. p50/p99 lateness (attempt.startedAt - attempt.dueAt) with 1,000 and 100,000 pending,
//      their due times spread over a few seconds;
//   3. resident memory with 100,000 pending.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { startMockServer } from '../dist/mock-server/index.js';

const THROUGHPUT_CALLBACKS = 20_000;
const LATENCY_RUNS = [
  { pending: 1_000, spreadMs: 3_000 },
  { pending: 100_000, spreadMs: 3_000 },
  // The same load spread thinly enough for the throughput above: what the scheduler itself adds.
  { pending: 100_000, spreadMs: 30_000 },
];
/** Every run must finish within this, or the script gives up (bounded, never hangs). */
const RUN_LIMIT_MS = 180_000;

const RECEIVER = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
let count = 0;
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => { count++; response.writeHead(200).end(); });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message === 'count') parentPort.postMessage({ count });
  if (message === 'close') { server.closeAllConnections(); server.close(() => process.exit(0)); }
});
`;

async function startReceiver() {
  const worker = new Worker(RECEIVER, { eval: true });
  const { port } = await new Promise((resolve) => worker.once('message', resolve));
  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    count: () =>
      new Promise((resolve) => {
        worker.once('message', (message) => resolve(message.count));
        worker.postMessage('count');
      }),
    close: () =>
      new Promise((resolve) => {
        worker.once('exit', resolve);
        worker.postMessage('close');
      }),
  };
}

function payload(tenantId, id, now) {
  return {
    eventId: `evt_${randomUUID()}`,
    eventType: 'container.created',
    service: 'Container',
    tenantId,
    timestamp: now,
    status: 'success',
    containerType: 'bag',
    data: { id, state: 'created' },
  };
}

function enqueue(mock, url, index, dueAt) {
  const id = `bag:${index}`;
  return mock.core.deliveries.enqueue({
    eventType: 'container.created',
    service: 'Container',
    tenantId: 'bench',
    requestId: null,
    objectKey: id,
    url,
    payload: payload('bench', id, Date.now()),
    requestSecret: null,
    dueAt,
  });
}

/** Resolves when `expected` records have finished; rejects after RUN_LIMIT_MS. */
function finished(mock, expected, onAttempt = () => {}) {
  return new Promise((resolve, reject) => {
    let done = 0;
    let dead = 0;
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`only ${done} of ${expected} callbacks finished in ${RUN_LIMIT_MS} ms`));
    }, RUN_LIMIT_MS);
    const unsubscribe = mock.core.deliveries.subscribe((event) => {
      if (event.type === 'attempt') onAttempt(event.attempt);
      if (event.type !== 'final') return;
      done++;
      if (event.record.state === 'dead') dead++;
      if (done === expected) {
        clearTimeout(timer);
        unsubscribe();
        resolve({ dead });
      }
    });
  });
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const mib = (bytes) => `${(bytes / 1_048_576).toFixed(1)} MiB`;

async function startMock() {
  // One retry only, so a stray failure cannot keep the run going for hours.
  return startMockServer({ config: { callbacks: { retrySchedule: [1_000] } } });
}

async function throughput(receiverUrl) {
  const mock = await startMock();
  try {
    // Warm up connections and JIT.
    const warm = finished(mock, 500);
    for (let i = 0; i < 500; i++) enqueue(mock, receiverUrl, i, Date.now());
    await warm;

    const all = finished(mock, THROUGHPUT_CALLBACKS);
    const began = performance.now();
    const now = Date.now();
    for (let i = 0; i < THROUGHPUT_CALLBACKS; i++) enqueue(mock, receiverUrl, i, now);
    const { dead } = await all;
    const seconds = (performance.now() - began) / 1000;
    return { perSecond: THROUGHPUT_CALLBACKS / seconds, seconds, dead };
  } finally {
    await mock.stop();
  }
}

async function lateness(receiverUrl, { pending, spreadMs }) {
  const mock = await startMock();
  try {
    globalThis.gc?.();
    const before = process.memoryUsage();
    const late = [];
    const all = finished(mock, pending, (attempt) => late.push(attempt.startedAt - attempt.dueAt));
    const start = Date.now() + 5_000; // all are pending before the first falls due
    const enqueueBegan = performance.now();
    for (let i = 0; i < pending; i++) {
      enqueue(mock, receiverUrl, i, start + Math.floor((i / pending) * spreadMs));
    }
    const enqueueMs = performance.now() - enqueueBegan;
    globalThis.gc?.();
    const memory = process.memoryUsage();
    const pendingAtStart = mock.core.pendingCallbacks();
    if (Date.now() >= start) console.warn('warning: enqueueing took longer than the head start');
    const { dead } = await all;
    late.sort((a, b) => a - b);
    return {
      pending: pendingAtStart,
      spreadMs,
      p50: percentile(late, 50),
      p99: percentile(late, 99),
      max: late[late.length - 1],
      enqueueMs,
      rss: memory.rss,
      heapGrowth: memory.heapUsed - before.heapUsed,
      dead,
    };
  } finally {
    await mock.stop();
  }
}

const receiver = await startReceiver();
const results = { throughput: null, lateness: [] };
try {
  const cpus = os.cpus();
  console.log('os1-mock callback delivery benchmark');
  console.log(
    `machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${mib(os.totalmem())} RAM, ` +
      `load ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}; node ${process.version} on ${process.platform}/${process.arch}`,
  );
  console.log('receiver: loopback HTTP/1.1 keep-alive in a worker thread, answers 200 at once');
  console.log('mock: real clock, concurrency 64 (default), os1 signing\n');

  const speed = await throughput(receiver.url);
  results.throughput = { callbacks: THROUGHPUT_CALLBACKS, ...speed };
  console.log('| measure | value |');
  console.log('| --- | --- |');
  console.log(
    `| delivered per second (${THROUGHPUT_CALLBACKS.toLocaleString('en')} callbacks, all due at once) | ${Math.round(speed.perSecond).toLocaleString('en')} /s (${speed.seconds.toFixed(2)} s${speed.dead ? `, ${speed.dead} dead` : ''}) |`,
  );
  for (const run of LATENCY_RUNS) {
    const result = await lateness(receiver.url, run);
    results.lateness.push(result);
    const label = `${result.pending.toLocaleString('en')} pending, due over ${run.spreadMs / 1000} s`;
    console.log(
      `| lateness p50 / p99 / max, ${label} | ${result.p50} / ${result.p99} / ${result.max} ms${result.dead ? ` (${result.dead} dead)` : ''} |`,
    );
    console.log(
      `| resident memory, ${label} | ${mib(result.rss)} RSS; the pending records take ${mib(result.heapGrowth)} of heap (${Math.round(result.heapGrowth / result.pending)} B each), enqueued in ${Math.round(result.enqueueMs)} ms |`,
    );
  }
  console.log(`\nreceiver counted ${(await receiver.count()).toLocaleString('en')} requests`);
  if (process.argv.includes('--json')) console.log(`BENCH_RESULT ${JSON.stringify(results)}`);
} finally {
  await receiver.close();
}
