import { createHash, createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { maskSecret } from '../../mock-server/signing/hmac.js';
import { SCHEME_NAMES, SCHEMES, standardWebhooksKey } from '../../mock-server/signing/schemes.js';

const body = '{"eventId":"evt_1","data":{"id":"bag:1"},"note":"ünïcødé"}';
const now = Date.parse('2026-03-01T12:00:00Z');
const sign = (scheme: keyof typeof SCHEMES, secrets: string[], at = now) =>
  SCHEMES[scheme].sign({ body, secrets, eventId: 'evt_1', timestampMs: at });
const hmacHex = (secret: string, text: string) =>
  createHmac('sha256', secret).update(text).digest('hex');

describe('signature schemes', () => {
  it('os1 puts the lowercase hex HMAC-SHA256 of the body in X-COREOS-HMAC-SIGNATURE', () => {
    expect(sign('os1', ['s3cret'])).toEqual({
      'X-COREOS-HMAC-SIGNATURE': hmacHex('s3cret', body),
    });
  });

  it('os1-legacy-sha256 puts sha256(body + secret) in X-COREOS-HMAC-SIGNATURE', () => {
    expect(sign('os1-legacy-sha256', ['s3cret'])).toEqual({
      'X-COREOS-HMAC-SIGNATURE': createHash('sha256').update(`${body}s3cret`).digest('hex'),
    });
  });

  it('github puts sha256=<hex HMAC> in X-Hub-Signature-256', () => {
    expect(sign('github', ['s3cret'])).toEqual({
      'X-Hub-Signature-256': `sha256=${hmacHex('s3cret', body)}`,
    });
  });

  it('single-signature schemes sign with the newest secret only', () => {
    expect(sign('os1', ['new', 'old'])).toEqual(sign('os1', ['new']));
  });

  it('standard-webhooks signs id.timestamp.body, verified by the reference library', () => {
    const headers = sign('standard-webhooks', ['plain-secret']);
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-timestamp']).toBe(String(now / 1000));
    const library = new Webhook('plain-secret', { format: 'raw' });
    expect(library.sign('evt_1', new Date(now), body)).toBe(headers['webhook-signature']);
  });

  it('standard-webhooks decodes whsec_ secrets as the reference library does', () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    expect(standardWebhooksKey(secret).toString()).toBe('0123456789abcdef0123456789abcdef');
    const headers = sign('standard-webhooks', [secret]);
    expect(new Webhook(secret).sign('evt_1', new Date(now), body)).toBe(
      headers['webhook-signature'],
    );
  });

  it('standard-webhooks sends one v1 signature per secret during a rotation', () => {
    const headers = sign('standard-webhooks', ['new-secret', 'old-secret']);
    const parts = headers['webhook-signature']?.split(' ') ?? [];
    expect(parts).toEqual([
      new Webhook('new-secret', { format: 'raw' }).sign('evt_1', new Date(now), body),
      new Webhook('old-secret', { format: 'raw' }).sign('evt_1', new Date(now), body),
    ]);
  });

  it('verifies what it signs for every scheme, with header names in any case', () => {
    for (const name of SCHEME_NAMES) {
      const headers = Object.fromEntries(
        Object.entries(sign(name, ['k1'])).map(([key, value]) => [key.toUpperCase(), value]),
      );
      expect(SCHEMES[name].verify({ body, headers, secrets: ['k1'], nowMs: now })).toEqual({
        valid: true,
        scheme: name,
      });
    }
  });

  it('accepts a signature made with any of the secrets given (rotation)', () => {
    for (const name of SCHEME_NAMES) {
      const headers = sign(name, ['old']);
      expect(
        SCHEMES[name].verify({ body, headers, secrets: ['new', 'old'], nowMs: now }).valid,
      ).toBe(true);
      expect(SCHEMES[name].verify({ body, headers, secrets: ['new'], nowMs: now })).toMatchObject({
        valid: false,
        failure: 'signature-mismatch',
      });
    }
  });

  it('refuses a body changed by one byte', () => {
    for (const name of SCHEME_NAMES) {
      const headers = sign(name, ['k1']);
      expect(
        SCHEMES[name].verify({ body: `${body} `, headers, secrets: ['k1'], nowMs: now }),
      ).toMatchObject({ valid: false, failure: 'signature-mismatch' });
    }
  });

  it('says which header is missing or malformed', () => {
    expect(SCHEMES.os1.verify({ body, headers: {}, secrets: ['k'], nowMs: now })).toMatchObject({
      failure: 'missing-signature',
      reason: expect.stringMatching(/X-COREOS-HMAC-SIGNATURE/),
    });
    expect(
      SCHEMES.os1.verify({
        body,
        headers: { 'x-coreos-hmac-signature': 'ABC' },
        secrets: ['k'],
        nowMs: now,
      }),
    ).toMatchObject({ failure: 'malformed-signature' });
    expect(
      SCHEMES.github.verify({
        body,
        headers: { 'x-hub-signature-256': hmacHex('k', body) },
        secrets: ['k'],
        nowMs: now,
      }),
    ).toMatchObject({ failure: 'malformed-signature', reason: expect.stringMatching(/sha256=/) });
    expect(SCHEMES.os1.verify({ body, headers: {}, secrets: [], nowMs: now })).toMatchObject({
      failure: 'no-secret',
    });
    const swh = sign('standard-webhooks', ['k']);
    expect(
      SCHEMES['standard-webhooks'].verify({
        body,
        headers: { ...swh, 'webhook-signature': 'v2,abc' },
        secrets: ['k'],
        nowMs: now,
      }),
    ).toMatchObject({ failure: 'malformed-signature' });
    expect(
      SCHEMES['standard-webhooks'].verify({
        body,
        headers: { ...swh, 'webhook-timestamp': 'yesterday' },
        secrets: ['k'],
        nowMs: now,
      }),
    ).toMatchObject({ failure: 'missing-timestamp' });
    expect(
      SCHEMES['standard-webhooks'].verify({
        body,
        headers: { ...swh, 'webhook-id': '' },
        secrets: ['k'],
        nowMs: now,
      }),
    ).toMatchObject({ failure: 'missing-signature', reason: expect.stringMatching(/webhook-id/) });
  });

  it('refuses a standard-webhooks timestamp more than five minutes from now, either way', () => {
    const headers = sign('standard-webhooks', ['k']);
    const verify = (nowMs: number) =>
      SCHEMES['standard-webhooks'].verify({ body, headers, secrets: ['k'], nowMs });
    expect(verify(now + 300_000).valid).toBe(true);
    expect(verify(now + 301_000)).toMatchObject({ failure: 'timestamp-out-of-tolerance' });
    expect(verify(now - 301_000)).toMatchObject({ failure: 'timestamp-out-of-tolerance' });
  });

  it('refuses to sign without a secret', () => {
    for (const name of SCHEME_NAMES) expect(() => sign(name, [])).toThrow(/no secret/);
  });
});

describe('maskSecret', () => {
  it('shows at most four characters and the length, never the secret', () => {
    expect(maskSecret('abcdefghijklmnop')).toBe('abcd…**** (16 chars)');
    expect(maskSecret('short')).toBe('***** (5 chars)');
    expect(maskSecret('abcdefghijklmnop')).not.toContain('efgh');
  });
});
