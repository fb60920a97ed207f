import type { Context } from 'koa';
import Koa from 'koa';
import { verifyOs1Signature, verifyStandardWebhook } from './verify-signature.js';

/** The fields this receiver reads; OS1 may send more, and new event types, at any time. */
export interface Os1Callback {
  eventId: string;
  eventType: string;
  service: string;
  status: 'success' | 'failed';
  reason?: string;
  data: { id: string; [field: string]: unknown };
  [field: string]: unknown;
}

export interface ReceiverOptions {
  /** The secret OS1 signs with (X-COREOS-CALLBACK-SECRET, or the one registered for the tenant). */
  secret: string;
  /** How callbacks are signed: OS1's own HMAC header (default) or Standard Webhooks. */
  scheme?: 'os1' | 'standard-webhooks';
  /** Called once per eventId, after the answer is sent. Errors are logged, never answered. */
  onCallback?: (callback: Os1Callback) => void | Promise<void>;
  /** Largest body accepted, bytes. Default 5 MiB: OS1 bodies can be large (batch results). */
  maxBodyBytes?: number;
  log?: (message: string) => void;
}

/**
 * A callback receiver that meets the OS1 receiver contract (`os1-mock verify`):
 * 1. read the raw bytes (no JSON body parser before the signature check),
 * 2. verify the signature over exactly those bytes, in constant time: 401 if it does not match,
 * 3. parse the JSON: 400 if it is not a callback,
 * 4. answer 202 for a new eventId and 200 for one already seen (OS1 retries and redelivers),
 *    whatever the event type, and process it after answering.
 */
export function createReceiverApp(options: ReceiverOptions): Koa {
  const { secret, scheme = 'os1', maxBodyBytes = 5 * 1024 * 1024, log = () => {} } = options;
  // In production: a unique key in your database, so that every instance shares it.
  const seenEventIds = new Set<string>();
  const app = new Koa();

  app.use(async (ctx) => {
    if (ctx.method !== 'POST') {
      reply(ctx, 405, { error: 'callbacks are POSTed' });
      return;
    }
    const raw = await readRawBody(ctx, maxBodyBytes);
    if (raw === null) {
      reply(ctx, 413, { error: `body larger than ${maxBodyBytes} bytes` });
      return;
    }
    const signed =
      scheme === 'os1'
        ? verifyOs1Signature(raw, ctx.get('x-coreos-hmac-signature') || undefined, secret)
        : verifyStandardWebhook(
            raw,
            {
              id: ctx.get('webhook-id') || undefined,
              timestamp: ctx.get('webhook-timestamp') || undefined,
              signature: ctx.get('webhook-signature') || undefined,
            },
            secret,
            Date.now(),
          );
    if (!signed) {
      reply(ctx, 401, { error: 'invalid signature' });
      return;
    }
    const callback = parseCallback(raw);
    if (callback === null) {
      reply(ctx, 400, { error: 'the body is not an OS1 callback' });
      return;
    }
    if (seenEventIds.has(callback.eventId)) {
      reply(ctx, 200, { received: true, duplicate: true });
      return;
    }
    seenEventIds.add(callback.eventId);
    reply(ctx, 202, { received: true });
    // Acknowledge first, work afterwards: OS1 gives the receiver 10 s.
    setImmediate(() => {
      Promise.resolve(options.onCallback?.(callback)).catch((error: unknown) =>
        log(`callback ${callback.eventId} (${callback.eventType}) failed: ${String(error)}`),
      );
    });
  });
  return app;
}

function reply(ctx: Context, status: number, body: Record<string, unknown>): void {
  ctx.status = status;
  ctx.body = body;
}

/** The exact bytes received, or null when they exceed the limit. */
async function readRawBody(ctx: Context, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseCallback(raw: Buffer): Os1Callback | null {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const callback = value as Partial<Os1Callback>;
  return typeof callback.eventId === 'string' && callback.eventId !== ''
    ? (callback as Os1Callback)
    : null;
}
