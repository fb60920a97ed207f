import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
// In your project: import { describeReceiverContract } from 'os1-mock';
import { describeReceiverContract } from '../../mock-server/index.js';
import { createReceiverApp } from './app.js';

// The way a team puts the receiver contract in its own test run: start the receiver on a free
// port, then let describeReceiverContract register one test per case.
for (const { scheme, secret } of [
  { scheme: 'os1', secret: 'example-secret' },
  { scheme: 'standard-webhooks', secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD' },
] as const) {
  describe(`the Koa example receiver (${scheme})`, () => {
    let server: Server;
    let url = '';

    beforeAll(async () => {
      server = createReceiverApp({ secret, scheme }).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    describeReceiverContract({ beforeAll, describe, it }, () => ({ url, secret, scheme }), {
      strict: true,
    });
  });
}
