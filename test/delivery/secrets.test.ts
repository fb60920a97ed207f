import { createHash, createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { call, os1Headers } from '../support/os1-client.js';
import type { ReceivedCallback, TestReceiver } from '../support/receiver.js';
import { startReceiver } from '../support/receiver.js';
import { admin, scheduleCallback } from './helpers.js';

const SERVER_SECRET = 'server-secret-0123456789';
const hmacHex = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest('hex');

/** The headers a receiver saw, as plain strings, for the verification endpoint. */
const headersOf = (callback: ReceivedCallback | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(callback?.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );

describe('tenant secrets and signature schemes', () => {
  let mock: MockServer;
  let receiver: TestReceiver;

  beforeEach(async () => {
    mock = await startMockServer({ clock: 'virtual', secret: SERVER_SECRET });
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await mock.stop();
    await receiver.close();
  });

  it("signs a tenant's callbacks with its registered secret, and other tenants' with the server's", async () => {
    const put = await admin(mock, 'PUT', '/tenants/tenant-a/secret', { secret: 'tenant-a-secret' });
    expect(put.status).toBe(200);
    for (const tenant of ['tenant-a', 'tenant-b']) {
      const created = await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
        tenant,
        body: { callback: { url: receiver.url } },
      });
      expect(created.status).toBe(202);
    }
    await mock.core.scheduler.advance(1_000);

    const byTenant = new Map(
      receiver.received.map((r) => [(r.json as { tenantId: string }).tenantId, r]),
    );
    const a = byTenant.get('tenant-a');
    const b = byTenant.get('tenant-b');
    expect(a?.headers['x-coreos-hmac-signature']).toBe(hmacHex('tenant-a-secret', a?.body ?? ''));
    expect(b?.headers['x-coreos-hmac-signature']).toBe(hmacHex(SERVER_SECRET, b?.body ?? ''));
  });

  it("lets a request's X-COREOS-CALLBACK-SECRET win over the tenant's, and verifies with it", async () => {
    await admin(mock, 'PUT', '/tenants/tenant-a/secret', { secret: 'tenant-a-secret' });
    await call(mock.url, 'POST', '/core/api/v2/containers/bag', {
      headers: os1Headers('tenant-a', { 'x-coreos-callback-secret': 'per-request-secret' }),
      body: { callback: { url: receiver.url } },
    });
    await mock.core.scheduler.advance(1_000);
    const [callback] = receiver.received;
    expect(callback?.headers['x-coreos-hmac-signature']).toBe(
      hmacHex('per-request-secret', callback?.body ?? ''),
    );
    const verdict = await admin(mock, 'POST', '/verify', {
      body: callback?.body,
      headers: headersOf(callback),
    });
    expect(verdict.body).toMatchObject({ valid: true, secretSource: 'request' });
  });

  it('sends a standard-webhooks signature for the new and the previous secret during the grace period, each verified by the reference library', async () => {
    await admin(mock, 'PUT', '/tenants/tenant-a/secret', {
      secret: 'old-secret-value',
      scheme: 'standard-webhooks',
    });
    await admin(mock, 'PUT', '/tenants/tenant-a/secret', {
      secret: 'new-secret-value',
      graceMs: 60_000,
    });
    const during = scheduleCallback(mock, { url: receiver.url });
    await mock.core.scheduler.advance(0);
    const [callback] = receiver.received;
    const signatures = String(callback?.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures.every((s) => s.startsWith('v1,'))).toBe(true);
    expect(callback?.headers['webhook-id']).toBe(during.eventId);
    const headers = headersOf(callback);
    for (const secret of ['new-secret-value', 'old-secret-value']) {
      expect(new Webhook(secret, { format: 'raw' }).verify(callback?.body ?? '', headers)).toEqual(
        JSON.parse(callback?.body ?? ''),
      );
    }

    await mock.core.scheduler.advance(60_000);
    scheduleCallback(mock, { url: receiver.url });
    await mock.core.scheduler.advance(0);
    const after = receiver.received[1];
    expect(String(after?.headers['webhook-signature']).split(' ')).toHaveLength(1);
    const afterHeaders = headersOf(after);
    expect(() =>
      new Webhook('old-secret-value', { format: 'raw' }).verify(after?.body ?? '', afterHeaders),
    ).toThrow(/No matching signature/);
    expect(() =>
      new Webhook('new-secret-value', { format: 'raw' }).verify(after?.body ?? '', afterHeaders),
    ).not.toThrow();
  });

  it('signs standard-webhooks with a whsec_ secret the reference library accepts as is', async () => {
    const secret = `whsec_${Buffer.from('a key of thirty-two random bytes').toString('base64')}`;
    await admin(mock, 'PUT', '/tenants/tenant-a/secret', { secret, scheme: 'standard-webhooks' });
    scheduleCallback(mock, { url: receiver.url });
    await mock.core.scheduler.advance(0);
    const [callback] = receiver.received;
    expect(new Webhook(secret).verify(callback?.body ?? '', headersOf(callback))).toMatchObject({
      tenantId: 'tenant-a',
    });
  });

  it('signs os1 with the new secret during a rotation, and /__admin/verify accepts the old one only until the grace period ends', async () => {
    await admin(mock, 'PUT', '/tenants/tenant-a/secret', { secret: 'old-secret-value' });
    const rotated = await admin(mock, 'PUT', '/tenants/tenant-a/secret', {
      secret: 'new-secret-value',
      graceMs: 10_000,
    });
    expect(rotated.body).toMatchObject({
      tenantId: 'tenant-a',
      scheme: 'os1',
      previousValidUntil: mock.core.clock.now() + 10_000,
    });
    scheduleCallback(mock, { url: receiver.url });
    await mock.core.scheduler.advance(0);
    const [callback] = receiver.received;
    const body = callback?.body ?? '';
    expect(callback?.headers['x-coreos-hmac-signature']).toBe(hmacHex('new-secret-value', body));

    const signedWithOld = {
      body,
      headers: { 'X-COREOS-HMAC-SIGNATURE': hmacHex('old-secret-value', body) },
      tenantId: 'tenant-a',
    };
    const during = await admin(mock, 'POST', '/verify', signedWithOld);
    expect(during.status).toBe(200);
    expect(during.body).toEqual({
      valid: true,
      scheme: 'os1',
      tenantId: 'tenant-a',
      secretSource: 'tenant',
    });

    await mock.core.scheduler.advance(10_000);
    const after = await admin(mock, 'POST', '/verify', signedWithOld);
    expect(after.body).toMatchObject({
      valid: false,
      failure: 'signature-mismatch',
      secretSource: 'tenant',
    });
    expect(after.body.reason).toMatch(/tenant tenant-a's secret/);
    const current = await admin(mock, 'POST', '/verify', {
      body,
      headers: headersOf(callback),
    });
    expect(current.body.valid).toBe(true);
  });

  it('signs github with X-Hub-Signature-256 and os1-legacy-sha256 with sha256(body + secret)', async () => {
    await admin(mock, 'PUT', '/tenants/tenant-g/secret', { secret: 'gh-secret', scheme: 'github' });
    await admin(mock, 'PUT', '/tenants/tenant-l/secret', {
      secret: 'legacy-secret',
      scheme: 'os1-legacy-sha256',
    });
    scheduleCallback(mock, { url: receiver.url, tenantId: 'tenant-g' });
    scheduleCallback(mock, { url: receiver.url, tenantId: 'tenant-l' });
    await mock.core.scheduler.advance(0);
    const byTenant = new Map(
      receiver.received.map((r) => [(r.json as { tenantId: string }).tenantId, r]),
    );
    const github = byTenant.get('tenant-g');
    const legacy = byTenant.get('tenant-l');
    expect(github?.headers['x-hub-signature-256']).toBe(
      `sha256=${hmacHex('gh-secret', github?.body ?? '')}`,
    );
    expect(legacy?.headers['x-coreos-hmac-signature']).toBe(
      createHash('sha256')
        .update(`${legacy?.body ?? ''}legacy-secret`)
        .digest('hex'),
    );
    for (const callback of [github, legacy]) {
      const verdict = await admin(mock, 'POST', '/verify', {
        body: callback?.body,
        headers: headersOf(callback),
      });
      expect(verdict.body.valid).toBe(true);
    }
  });

  it('says why a callback does not verify', async () => {
    scheduleCallback(mock, { url: receiver.url });
    await mock.core.scheduler.advance(0);
    const [callback] = receiver.received;
    const body = callback?.body ?? '';
    const headers = headersOf(callback);
    const verify = async (request: Record<string, unknown>) =>
      (await admin(mock, 'POST', '/verify', request)).body;

    expect(await verify({ body, headers })).toMatchObject({ valid: true, secretSource: 'server' });
    expect(await verify({ body: `${body} `, headers })).toMatchObject({
      valid: false,
      failure: 'signature-mismatch',
    });
    expect(await verify({ body, headers: { 'x-coreos-tid': 'tenant-a' } })).toMatchObject({
      valid: false,
      failure: 'missing-signature',
      reason: expect.stringMatching(/X-COREOS-HMAC-SIGNATURE header is missing/),
    });
    expect(await verify({ body, headers: { 'x-coreos-hmac-signature': 'zz' } })).toMatchObject({
      valid: false,
      failure: 'malformed-signature',
    });
    expect(await verify({ body, headers, scheme: 'github' })).toMatchObject({
      valid: false,
      scheme: 'github',
      failure: 'missing-signature',
    });
  });

  it('rejects a standard-webhooks callback whose timestamp is outside the five-minute window', async () => {
    await admin(mock, 'PUT', '/tenants/tenant-a/secret', {
      secret: 'tenant-a-secret',
      scheme: 'standard-webhooks',
    });
    scheduleCallback(mock, { url: receiver.url });
    await mock.core.scheduler.advance(0);
    const [callback] = receiver.received;
    const request = { body: callback?.body, headers: headersOf(callback) };
    expect((await admin(mock, 'POST', '/verify', request)).body.valid).toBe(true);
    await mock.core.scheduler.advance(5 * 60_000 + 1_000);
    expect((await admin(mock, 'POST', '/verify', request)).body).toMatchObject({
      valid: false,
      failure: 'timestamp-out-of-tolerance',
    });
  });

  it('shows a tenant secret masked, forgets it on DELETE and says 404 when there is none', async () => {
    await admin(mock, 'PUT', '/tenants/tenant-a/secret', {
      secret: 'a-long-tenant-secret-value',
      scheme: 'github',
    });
    const shown = await admin(mock, 'GET', '/tenants/tenant-a/secret');
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ tenantId: 'tenant-a', scheme: 'github' });
    expect(shown.body.secret).toMatch(/^a-lo…\*{4} \(26 chars\)$/);
    expect(JSON.stringify(shown.body)).not.toContain('a-long-tenant-secret-value');

    const deleted = await admin(mock, 'DELETE', '/tenants/tenant-a/secret');
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ secret: null, scheme: 'os1' });
    const again = await admin(mock, 'DELETE', '/tenants/tenant-a/secret');
    expect(again.status).toBe(404);
    expect(again.body.error.additionalInfo.error).toBe('TENANT_SECRET_NOT_FOUND');

    scheduleCallback(mock, { url: receiver.url });
    await mock.core.scheduler.advance(0);
    const [callback] = receiver.received;
    expect(callback?.headers['x-coreos-hmac-signature']).toBe(
      hmacHex(SERVER_SECRET, callback?.body ?? ''),
    );
  });

  it('refuses bad secret registrations with 400 and the field at fault', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/tenants/tenant-a/secret', {}, 'secret'],
      ['/tenants/tenant-a/secret', { secret: '' }, 'secret'],
      ['/tenants/tenant-a/secret', { secret: 'has space' }, 'secret'],
      ['/tenants/tenant-a/secret', { secret: 'x', graceMs: -1 }, 'graceMs'],
      ['/tenants/tenant-a/secret', { secret: 'x', scheme: 'md5' }, 'scheme'],
      ['/tenants/tenant-a/secret', { secret: 'x', extra: 1 }, 'extra'],
      ['/tenants/tenant-a/secret', { secret: 'whsec_!!!' }, 'secret'],
    ];
    for (const [path, body, field] of cases) {
      const response = await admin(mock, 'PUT', path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.additionalInfo.field).toBe(field);
    }
    const badTenant = await admin(mock, 'PUT', `/tenants/${'x'.repeat(129)}/secret`, {
      secret: 'x',
    });
    expect(badTenant.status).toBe(400);
    expect(badTenant.body.error.additionalInfo.error).toBe('INVALID_PATH_PARAMETER');
    const notJson = await call(mock.url, 'PUT', '/__admin/tenants/tenant-a/secret', {
      headers: { 'content-type': 'application/json' },
      rawBody: '{"secret":',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.additionalInfo.error).toBe('INVALID_JSON');
  });
});
