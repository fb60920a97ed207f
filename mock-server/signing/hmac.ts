import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type Bytes = string | Uint8Array;

export const hmacSha256 = (key: Bytes, body: Bytes): Buffer =>
  createHmac('sha256', key).update(body).digest();

/** hmacSha256 as lowercase hex, without a Buffer in between. */
export const hmacSha256Hex = (key: Bytes, body: Bytes): string =>
  createHmac('sha256', key).update(body).digest('hex');

/** The legacy scheme one public OS1 client uses: SHA-256 over body followed by secret, in hex. */
export const sha256OfBodyAndSecretHex = (body: Bytes, secret: Bytes): string =>
  createHash('sha256').update(body).update(secret).digest('hex');

/** Compares two strings in time independent of where they differ (lengths are not secret). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

/** Shows enough of a secret to tell two apart in a log, never the whole of it. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) return `${'*'.repeat(secret.length)} (${secret.length} chars)`;
  return `${secret.slice(0, 4)}…${'*'.repeat(4)} (${secret.length} chars)`;
}
