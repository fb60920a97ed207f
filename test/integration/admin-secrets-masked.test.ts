import { describe, expect, it } from 'vitest';
import { scheduleCallback } from '../delivery/helpers.js';
import { useHookServer } from '../support/hook-server.js';
import { useMockFixture } from '../support/mock-fixture.js';
import { call } from '../support/os1-client.js';

const PASSWORD = 'pw-s3cret';
const BASIC = `Basic ${Buffer.from(`user:${PASSWORD}`).toString('base64')}`;

/** The same URL with user:PASSWORD in it, and as the admin API should show it. */
function withCredentials(url: string): { real: string; shown: string } {
  const { protocol, host, pathname } = new URL(url);
  return {
    real: `${protocol}//user:${PASSWORD}@${host}${pathname}`,
    shown: `${protocol}//user:****@${host}${pathname}`,
  };
}

describe('secrets in URLs the admin API shows', () => {
  const f = useMockFixture();
  const server = useHookServer();

  const admin = (method: string, path: string) =>
    call(f.mock.url, method, `/__admin${path}`, { headers: {} });

  it("masks the callback URL's password in delivery records while sending to the real URL", async () => {
    const target = withCredentials(f.receiver.url);
    const created = await f.request('POST', '/core/api/v2/containers/bag', {
      body: { callback: { url: target.real } },
    });
    expect(created.status).toBe(202);
    await f.settle();
    expect(f.receiver.received.map((request) => request.headers.authorization)).toEqual([BASIC]);

    const listed = await admin('GET', '/deliveries');
    expect(listed.body.deliveries.map((record: { url: string }) => record.url)).toEqual([
      target.shown,
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(PASSWORD);
    const [id] = listed.body.deliveries.map((record: { id: string }) => record.id);
    const one = await admin('GET', `/deliveries/${id}`);
    expect(one.body.url).toBe(target.shown);

    const again = await admin('POST', `/deliveries/${id}/redeliver`);
    expect(again.status).toBe(202);
    expect(again.body.url).toBe(target.shown);
    await f.settle(0);
    expect(f.receiver.received.map((request) => request.headers.authorization)).toEqual([
      BASIC,
      BASIC,
    ]);

    // The in-process kit hands back the record itself, real URL included.
    expect(f.mock.deliveries.get(id)?.url).toBe(target.real);
    const filtered = await admin('GET', `/deliveries?url=${encodeURIComponent(target.real)}`);
    expect(filtered.body.total).toBe(1);
  });

  it('masks a user name sent without a password (a token) and leaves URLs without credentials as they are', async () => {
    const { host } = new URL(f.receiver.url);
    scheduleCallback(f.mock, { url: `http://tok3n-abc@${host}/callbacks`, tenantId: 'token' });
    scheduleCallback(f.mock, { url: f.receiver.url, tenantId: 'plain' });
    const listed = await admin('GET', '/deliveries');
    expect(listed.body.deliveries.map((record: { url: string }) => record.url)).toEqual([
      `http://****@${host}/callbacks`,
      f.receiver.url,
    ]);
  });

  it("masks the hook URL's password in hook-call records while calling the real URL", async () => {
    const hook = withCredentials(`${server.hooks.url}/on-request`);
    const created = await f.request('POST', '/core/api/v2/containers/bag', {
      body: { onRequest: { url: hook.real, wait: true } },
    });
    expect(created.status).toBe(202);
    expect(server.hooks.at('/on-request')).toHaveLength(1);

    const calls = await admin('GET', '/hook-calls');
    expect(calls.body.hookCalls.map((record: { url: string }) => record.url)).toEqual([hook.shown]);
    expect(JSON.stringify(calls.body)).not.toContain(PASSWORD);
  });

  it('masks the headers that carry a secret, by name, and no other header that happens to hold the token', async () => {
    const created = await f.request('POST', '/core/api/v2/containers/bag', {
      extraHeaders: { 'x-coreos-access': 'json' },
      body: {
        onRequest: {
          url: `${server.hooks.url}/on-request`,
          wait: true,
          requestHeader: {
            'X-COREOS-ACCESS': '{{token}}',
            Authorization: 'Basic c3RhdGljOmNyZWRz',
            'X-Forwarded-Token': 'token {{token}}',
            'X-Format': 'json',
          },
        },
      },
    });
    expect(created.status).toBe(202);
    const [sent] = server.hooks.at('/on-request');
    expect(sent?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-coreos-access': 'json',
      authorization: 'Basic c3RhdGljOmNyZWRz',
      'x-forwarded-token': 'token json',
      'x-format': 'json',
    });

    const calls = await admin('GET', '/hook-calls');
    expect(calls.body.hookCalls[0].requestHeaders).toEqual({
      'content-type': 'application/json',
      'x-coreos-access': '**** (4 chars)',
      authorization: 'Basic c3Rh…**** (16 chars)',
      'x-forwarded-token': 'token **** (4 chars)',
      'x-format': 'json',
    });
  });
});
