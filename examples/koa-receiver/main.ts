// Runs the example receiver: RECEIVER_SECRET=... [RECEIVER_SCHEME=standard-webhooks] [PORT=3000]
import { createReceiverApp } from './app.js';

const secret = process.env.RECEIVER_SECRET;
if (!secret) {
  process.stderr.write('Set RECEIVER_SECRET to the secret OS1 signs callbacks with.\n');
  process.exit(2);
}
const scheme = process.env.RECEIVER_SCHEME === 'standard-webhooks' ? 'standard-webhooks' : 'os1';
const port = Number(process.env.PORT ?? 3000);

const app = createReceiverApp({
  secret,
  scheme,
  onCallback: (callback) => {
    process.stdout.write(
      `${callback.eventType} ${callback.status} ${callback.data.id}${callback.reason ? ` (${callback.reason})` : ''}\n`,
    );
  },
  log: (message) => process.stderr.write(`${message}\n`),
});

const server = app.listen(port, '127.0.0.1', () => {
  process.stdout.write(
    `receiving OS1 callbacks at http://127.0.0.1:${port}/callbacks (${scheme})\n`,
  );
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
