#!/usr/bin/env node
// Resident memory of a fresh mock holding 100,000 pending callbacks (a script, not a test).
// bench/delivery.mjs measures memory too, but in a process that has already run other loads and
// hosts its receiver thread; this one starts clean, so the figure is the mock's own.
//   npm run build && node --expose-gc bench/pending-memory.mjs [pending] [--json]
// The callbacks fall due an hour from now, so nothing is sent; the mock is stopped at the end.
import { randomUUID } from 'node:crypto';
import { startMockServer } from '../dist/mock-server/index.js';

const pending = Math.min(Math.max(Number(process.argv[2]) || 100_000, 1), 1_000_000);
const mib = (bytes) => bytes / 1_048_576;

const mock = await startMockServer();
try {
  globalThis.gc?.();
  const before = process.memoryUsage();
  const dueAt = Date.now() + 3_600_000;
  const began = performance.now();
  for (let i = 0; i < pending; i++) {
    const id = `bag:${randomUUID()}`;
    mock.core.deliveries.enqueue({
      eventType: 'container.created',
      service: 'Container',
      tenantId: 'bench',
      requestId: `req-${i}`,
      objectKey: id,
      url: 'http://127.0.0.1:9/callbacks',
      payload: {
        eventId: `evt_${randomUUID()}`,
        eventType: 'container.created',
        service: 'Container',
        tenantId: 'bench',
        requestId: `req-${i}`,
        timestamp: Date.now(),
        status: 'success',
        containerType: 'bag',
        data: { id, state: 'created' },
      },
      requestSecret: null,
      dueAt,
    });
  }
  const enqueueMs = performance.now() - began;
  globalThis.gc?.();
  const after = process.memoryUsage();
  const result = {
    pending: mock.core.pendingCallbacks(),
    rssBeforeMiB: mib(before.rss),
    rssMiB: mib(after.rss),
    heapUsedMiB: mib(after.heapUsed),
    bytesPerPending: Math.round((after.heapUsed - before.heapUsed) / pending),
    enqueueMs,
    gcExposed: typeof globalThis.gc === 'function',
  };
  console.log(
    `${result.pending.toLocaleString('en')} pending callbacks: ${result.rssMiB.toFixed(1)} MiB RSS ` +
      `(${result.rssBeforeMiB.toFixed(1)} MiB before), heap ${result.heapUsedMiB.toFixed(1)} MiB, ` +
      `${result.bytesPerPending} B of heap each, enqueued in ${Math.round(enqueueMs)} ms`,
  );
  if (process.argv.includes('--json')) console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
} finally {
  await mock.stop();
}
