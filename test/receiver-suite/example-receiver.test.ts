import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runReceiverContract } from '../../contracts/receiver-suite/run-receiver-contract.js';
import type { Os1Callback, ReceiverOptions } from '../../examples/koa-receiver/app.js';
import { createReceiverApp } from '../../examples/koa-receiver/app.js';

async function startExample(options: ReceiverOptions): Promise<{ url: string; server: Server }> {
  const server = createReceiverApp(options).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks`,
    server,
  };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('the Koa example receiver', () => {
  it('passes every case under os1 in a run that takes under 5 s, skipping only the timestamp and rotation cases', async () => {
    const processed: Os1Callback[] = [];
    const { url, server } = await startExample({
      secret: 'example-secret',
      onCallback: (callback) => {
        processed.push(callback);
      },
    });
    try {
      const started = performance.now();
      const report = await runReceiverContract({ url, secret: 'example-secret' });
      const wallMs = performance.now() - started;
      expect(report.cases.filter((result) => result.status === 'failed')).toEqual([]);
      expect(
        report.cases.filter((result) => result.status === 'skipped').map((result) => result.id),
      ).toEqual(['timestamp.stale', 'timestamp.future', 'rotation.multiple-signatures']);
      // The bound; a run takes a few hundred ms on a developer's machine.
      expect(wallMs).toBeLessThan(5000);
      // Idempotent: each eventId is processed once though duplicates were acknowledged.
      const ids = processed.map((callback) => callback.eventId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThan(100);
    } finally {
      await stop(server);
    }
  });

  it('passes every case under standard-webhooks, none skipped', async () => {
    const secret = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
    const { url, server } = await startExample({ secret, scheme: 'standard-webhooks' });
    try {
      const report = await runReceiverContract({ url, secret, scheme: 'standard-webhooks' });
      expect(report.cases.filter((result) => result.status !== 'passed')).toEqual([]);
    } finally {
      await stop(server);
    }
  });
});
