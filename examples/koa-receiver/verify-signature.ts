import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * OS1's scheme: X-COREOS-HMAC-SIGNATURE is the lowercase hex HMAC-SHA256 of the exact raw body.
 * Check the format first (so timingSafeEqual never sees two lengths), then compare in constant time.
 */
export function verifyOs1Signature(
  rawBody: Buffer,
  signature: string | undefined,
  secret: string,
): boolean {
  if (signature === undefined || !/^[0-9a-f]{64}$/.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(signature, 'hex'), expected);
}

export interface StandardWebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

const TOLERANCE_SECONDS = 5 * 60;

/**
 * Standard Webhooks: HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, base64, in a
 * space-separated list of `v1,<signature>` (several during a key rotation: any one may match).
 * The timestamp must be within 5 minutes of now, in either direction.
 */
export function verifyStandardWebhook(
  rawBody: Buffer,
  headers: StandardWebhookHeaders,
  secret: string,
  nowMs: number,
): boolean {
  const { id, timestamp, signature } = headers;
  if (!id || !signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const key = secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
  const expected = Buffer.from(
    createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest('base64'),
  );
  return signature.split(' ').some((entry) => {
    const value = entry.startsWith('v1,') ? entry.slice('v1,'.length) : '';
    // 32 bytes in base64 are 43 characters and one "=": anything else is not a v1 signature.
    // Compare the text, not decoded bytes: decoders skip junk and accept non-canonical endings.
    if (!/^[A-Za-z0-9+/]{43}=$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value), expected);
  });
}
