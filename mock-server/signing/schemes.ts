import type { Bytes } from './hmac.js';
import { constantTimeEqual, hmacSha256, hmacSha256Hex, sha256OfBodyAndSecretHex } from './hmac.js';

export const SCHEME_NAMES = ['os1', 'os1-legacy-sha256', 'standard-webhooks', 'github'] as const;
export type SchemeName = (typeof SCHEME_NAMES)[number];

export interface SignInput {
  body: Bytes;
  /** Newest first. Schemes that carry several signatures sign with each; others use the first. */
  secrets: readonly string[];
  eventId: string;
  timestampMs: number;
}

export interface VerifyInput {
  body: Bytes;
  /** Header names in any case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Any of these may have signed it (rotation). */
  secrets: readonly string[];
  nowMs: number;
  /** For schemes with a timestamp: how far from now it may be. Default 5 minutes. */
  toleranceMs?: number;
}

export type VerifyFailure =
  | 'no-secret'
  | 'missing-signature'
  | 'malformed-signature'
  | 'signature-mismatch'
  | 'missing-timestamp'
  | 'timestamp-out-of-tolerance';

export type VerifyResult =
  | { valid: true; scheme: SchemeName }
  | { valid: false; scheme: SchemeName; failure: VerifyFailure; reason: string };

export interface SignatureScheme {
  readonly name: SchemeName;
  /** Header names this scheme sets, lower case. */
  readonly headerNames: readonly string[];
  sign(input: SignInput): Record<string, string>;
  verify(input: VerifyInput): VerifyResult;
}

const DEFAULT_TOLERANCE_MS = 5 * 60 * 1000;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

const header = (headers: VerifyInput['headers'], name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
};

const fail = (scheme: SchemeName, failure: VerifyFailure, reason: string): VerifyResult => ({
  valid: false,
  scheme,
  failure,
  reason,
});

/** A scheme that puts one hex digest in one header (os1, os1-legacy-sha256, github). */
function singleHexScheme(
  name: SchemeName,
  headerName: string,
  prefix: string,
  hexDigest: (body: Bytes, secret: string) => string,
): SignatureScheme {
  return {
    name,
    headerNames: [headerName.toLowerCase()],
    sign({ body, secrets }) {
      const [secret] = secrets;
      if (secret === undefined) throw new Error(`${name}: no secret to sign with`);
      return { [headerName]: `${prefix}${hexDigest(body, secret)}` };
    },
    verify({ body, headers, secrets }) {
      if (secrets.length === 0)
        return fail(name, 'no-secret', 'no secret is configured to verify with');
      const value = header(headers, headerName);
      if (value === undefined || value === '') {
        return fail(name, 'missing-signature', `the ${headerName} header is missing or empty`);
      }
      const hex = value.startsWith(prefix) ? value.slice(prefix.length) : undefined;
      if (hex === undefined || !HEX_SHA256.test(hex)) {
        return fail(
          name,
          'malformed-signature',
          `${headerName} must be ${prefix}followed by 64 lowercase hex digits`,
        );
      }
      for (const secret of secrets) {
        if (constantTimeEqual(hex, hexDigest(body, secret))) return { valid: true, scheme: name };
      }
      return fail(
        name,
        'signature-mismatch',
        'no configured secret produces this signature for these bytes',
      );
    },
  };
}

/** Standard Webhooks: `whsec_<base64>` secrets are decoded; any other secret is used as raw UTF-8. */
export function standardWebhooksKey(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

const standardWebhooks: SignatureScheme = {
  name: 'standard-webhooks',
  headerNames: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
  sign({ body, secrets, eventId, timestampMs }) {
    if (secrets.length === 0) throw new Error('standard-webhooks: no secret to sign with');
    const timestamp = String(Math.floor(timestampMs / 1000));
    const signed = Buffer.concat([Buffer.from(`${eventId}.${timestamp}.`), Buffer.from(body)]);
    const signatures = secrets.map(
      (secret) => `v1,${hmacSha256(standardWebhooksKey(secret), signed).toString('base64')}`,
    );
    return {
      'webhook-id': eventId,
      'webhook-timestamp': timestamp,
      'webhook-signature': signatures.join(' '),
    };
  },
  verify({ body, headers, secrets, nowMs, toleranceMs = DEFAULT_TOLERANCE_MS }) {
    const name = 'standard-webhooks';
    if (secrets.length === 0)
      return fail(name, 'no-secret', 'no secret is configured to verify with');
    const id = header(headers, 'webhook-id');
    const timestamp = header(headers, 'webhook-timestamp');
    const signature = header(headers, 'webhook-signature');
    if (!signature)
      return fail(name, 'missing-signature', 'the webhook-signature header is missing or empty');
    if (!id) return fail(name, 'missing-signature', 'the webhook-id header is missing or empty');
    if (!timestamp || !/^\d{1,12}$/.test(timestamp)) {
      return fail(
        name,
        'missing-timestamp',
        'webhook-timestamp must be whole seconds since the epoch',
      );
    }
    if (Math.abs(nowMs - Number(timestamp) * 1000) > toleranceMs) {
      return fail(
        name,
        'timestamp-out-of-tolerance',
        `webhook-timestamp is more than ${toleranceMs / 1000} s from now`,
      );
    }
    const offered = signature
      .split(' ')
      .filter((part) => part.startsWith('v1,'))
      .map((part) => part.slice(3));
    if (offered.length === 0) {
      return fail(name, 'malformed-signature', 'webhook-signature holds no "v1,<base64>" entry');
    }
    const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(body)]);
    for (const secret of secrets) {
      const expected = hmacSha256(standardWebhooksKey(secret), signed).toString('base64');
      if (offered.some((candidate) => constantTimeEqual(candidate, expected))) {
        return { valid: true, scheme: name };
      }
    }
    return fail(
      name,
      'signature-mismatch',
      'no configured secret produces any of these signatures',
    );
  },
};

export const SCHEMES: Readonly<Record<SchemeName, SignatureScheme>> = {
  os1: singleHexScheme('os1', 'X-COREOS-HMAC-SIGNATURE', '', (body, secret) =>
    hmacSha256Hex(secret, body),
  ),
  'os1-legacy-sha256': singleHexScheme(
    'os1-legacy-sha256',
    'X-COREOS-HMAC-SIGNATURE',
    '',
    sha256OfBodyAndSecretHex,
  ),
  'standard-webhooks': standardWebhooks,
  github: singleHexScheme('github', 'X-Hub-Signature-256', 'sha256=', (body, secret) =>
    hmacSha256Hex(secret, body),
  ),
};

export const isSchemeName = (value: unknown): value is SchemeName =>
  typeof value === 'string' && (SCHEME_NAMES as readonly string[]).includes(value);
