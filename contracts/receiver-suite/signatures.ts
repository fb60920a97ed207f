import { randomBytes } from 'node:crypto';
import type { SchemeName } from '../../mock-server/signing/schemes.js';
import { SCHEMES } from '../../mock-server/signing/schemes.js';

/** Where a scheme puts its signature and how it writes the digest. */
export interface SignatureFormat {
  /** Lower case. */
  header: string;
  prefix: string;
  encoding: 'hex' | 'base64';
}

export const SIGNATURE_FORMATS: Readonly<Record<SchemeName, SignatureFormat>> = {
  os1: { header: 'x-coreos-hmac-signature', prefix: '', encoding: 'hex' },
  'os1-legacy-sha256': { header: 'x-coreos-hmac-signature', prefix: '', encoding: 'hex' },
  github: { header: 'x-hub-signature-256', prefix: 'sha256=', encoding: 'hex' },
  'standard-webhooks': { header: 'webhook-signature', prefix: 'v1,', encoding: 'base64' },
};

export interface SignRequest {
  scheme: SchemeName;
  /** Newest first; schemes with one signature use the first. */
  secrets: readonly string[];
  body: string;
  eventId: string;
  timestampMs: number;
}

/** The scheme's headers for these bytes, names in lower case. */
export function signedHeaders(request: SignRequest): Record<string, string> {
  const headers = SCHEMES[request.scheme].sign({
    body: Buffer.from(request.body, 'utf8'),
    secrets: request.secrets,
    eventId: request.eventId,
    timestampMs: request.timestampMs,
  });
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

/** A secret of the same kind as `secret` (whsec_ base64 or plain) that is not it. */
export function anotherSecretLike(secret: string): string {
  return secret.startsWith('whsec_')
    ? `whsec_${randomBytes(24).toString('base64')}`
    : `other-${randomBytes(16).toString('hex')}`;
}

export type ForgeryKind =
  | 'wrong-secret'
  | 'missing'
  | 'altered-body'
  | 'malformed'
  | 'truncated'
  | 'empty'
  | 'wrong-encoding';

export interface ForgeInput {
  scheme: SchemeName;
  secret: string;
  /** Valid JSON: the altered-body forgery changes data.id in it. */
  body: string;
  eventId: string;
  timestampMs: number;
}

export interface Forgery {
  headers: Record<string, string>;
  body: string;
  /** What was wrong with it, for failure details. */
  label: string;
}

interface ForgeryMaker {
  /** What the kind's requests have in common, for pass details. */
  summary: string;
  /** How many variants the kind has; callers spread them over the event types. */
  variants: number;
  forge(input: ForgeInput, variant: number): Forgery;
}

/** Each way of getting a signature wrong, for any scheme. */
export const FORGERIES: Readonly<Record<ForgeryKind, ForgeryMaker>> = {
  'wrong-secret': {
    summary: 'signed with another secret',
    variants: 1,
    forge: (input) => ({
      headers: signedHeaders({ ...input, secrets: [anotherSecretLike(input.secret)] }),
      body: input.body,
      label: 'signed with another secret',
    }),
  },
  missing: {
    summary: 'without the signature header',
    variants: 1,
    forge: (input) => {
      const { header } = SIGNATURE_FORMATS[input.scheme];
      const headers = valid(input);
      delete headers[header];
      return { headers, body: input.body, label: `without the ${header} header` };
    },
  },
  'altered-body': {
    summary: 'changed after signing',
    variants: 1,
    forge: (input) => ({
      headers: valid(input),
      body: alterDataId(input.body),
      label: "body changed after signing (data.id), sent with the original body's signature",
    }),
  },
  malformed: {
    summary: 'with malformed signatures',
    variants: 3,
    forge: (input, variant) => {
      const { prefix, encoding } = SIGNATURE_FORMATS[input.scheme];
      const encoded = validEncodedDigest(input);
      const values =
        encoding === 'hex'
          ? [
              [`${prefix}${'z'.repeat(64)}`, 'signature of the right length that is not hex'],
              [`${prefix}${encoded}zz`, 'the correct signature followed by "zz"'],
              ['not-a-signature', 'signature "not-a-signature"'],
            ]
          : [
              ['v1,!!!not-base64!!!', 'signature "v1,!!!not-base64!!!"'],
              [`v1,${encoded}!!`, 'the correct signature followed by "!!"'],
              [`v2,${encoded}`, 'the correct digest under version "v2," instead of "v1,"'],
            ];
      const [value = '', label = ''] = values[variant % values.length] ?? [];
      return withSignature(input, value, label);
    },
  },
  truncated: {
    summary: 'with truncated signatures',
    variants: 2,
    forge: (input, variant) => {
      const { prefix } = SIGNATURE_FORMATS[input.scheme];
      const encoded = validEncodedDigest(input);
      return variant % 2 === 0
        ? withSignature(
            input,
            `${prefix}${encoded.slice(0, Math.floor(encoded.length / 2))}`,
            'the first half of the correct signature',
          )
        : withSignature(
            input,
            `${prefix}${encoded.slice(0, -1)}`,
            'the correct signature without its last character',
          );
    },
  },
  empty: {
    summary: 'with empty signatures',
    variants: 2,
    forge: (input, variant) => {
      const { prefix, header } = SIGNATURE_FORMATS[input.scheme];
      return variant % 2 === 0 || prefix === ''
        ? withSignature(input, '', `an empty ${header} header`)
        : withSignature(input, prefix, `a ${header} header holding only "${prefix}"`);
    },
  },
  'wrong-encoding': {
    summary: 'with the right digest in the wrong encoding',
    variants: 1,
    forge: (input) => {
      const { prefix, encoding } = SIGNATURE_FORMATS[input.scheme];
      const digest = Buffer.from(validEncodedDigest(input), encoding);
      const other = encoding === 'hex' ? 'base64' : 'hex';
      return withSignature(
        input,
        `${prefix}${digest.toString(other)}`,
        `the correct digest in ${other} where the scheme writes ${encoding}`,
      );
    },
  },
};

export const FORGERY_KINDS = Object.keys(FORGERIES) as ForgeryKind[];

function valid(input: ForgeInput): Record<string, string> {
  return signedHeaders({ ...input, secrets: [input.secret] });
}

function validEncodedDigest(input: ForgeInput): string {
  const { header, prefix } = SIGNATURE_FORMATS[input.scheme];
  return (valid(input)[header] ?? '').slice(prefix.length);
}

function withSignature(input: ForgeInput, value: string, label: string): Forgery {
  const { header } = SIGNATURE_FORMATS[input.scheme];
  return { headers: { ...valid(input), [header]: value }, body: input.body, label };
}

function alterDataId(body: string): string {
  const payload = JSON.parse(body) as { data: { id: string } };
  payload.data.id = `${payload.data.id}-forged`;
  return JSON.stringify(payload);
}
