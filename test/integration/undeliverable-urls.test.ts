import { describe, expect, it } from 'vitest';
import { expectError, TENANT_A, TENANT_B, useMockFixture } from '../support/mock-fixture.js';

const BAG = '/core/api/v2/containers/bag';

describe('callback and hook URLs the mock could never deliver to', () => {
  const fx = useMockFixture();

  it('refuses a callback URL with port 0, naming callback.url, and stores nothing', async () => {
    const response = await fx.request('POST', BAG, {
      body: { callback: { url: 'http://127.0.0.1:0/' } },
    });
    expectError(response, 'VALIDATION_FAILED', /callback\.url .*port 0/, {
      field: 'callback.url',
      rule: 'port',
    });
    await fx.settle();
    expect(fx.mock.core.deliveries.list()).toEqual([]);
    const list = await fx.request('GET', `${BAG}/filter`);
    expect(list.body.data.meta.totalElements).toBe(0);
  });

  it('refuses a bare callback URL without a host (http:///path), saying to write http://host/path', async () => {
    const response = await fx.request('POST', BAG, { body: { callback: 'http:///path' } });
    expectError(
      response,
      'VALIDATION_FAILED',
      /callback "http:\/\/\/path" has no host.*http:\/\/host\/path/,
      {
        field: 'callback',
        rule: 'host',
      },
    );
  });

  it('refuses a callback URL with a single slash after the scheme (http:/path)', async () => {
    const response = await fx.request('POST', BAG, { body: { callback: { url: 'http:/path' } } });
    expectError(response, 'VALIDATION_FAILED', /has no host/, {
      field: 'callback.url',
      rule: 'host',
    });
  });

  it('still accepts a callback URL with a host and a real port, and delivers to it', async () => {
    const response = await fx.request('POST', BAG, { body: fx.callback() });
    expect(response.status).toBe(202);
    await fx.settle();
    const record = await fx.callbackFor(response.body.data.id);
    expect(record.state).toBe('delivered');
  });

  it('refuses an onRequest hook URL with port 0, naming onRequest.url', async () => {
    const response = await fx.request('POST', BAG, {
      body: { onRequest: { url: 'http://localhost:0/check', wait: true } },
    });
    expectError(response, 'VALIDATION_FAILED', /onRequest\.url .*port 0/, {
      field: 'onRequest.url',
      rule: 'port',
    });
    expect(fx.mock.core.hookCalls.list()).toEqual([]);
  });

  it('refuses a type hook URL without a host when the type hooks are set', async () => {
    const response = await fx.request(
      'PUT',
      '/core/api/v2/containers/container-types/bag/config/hooks',
      {
        body: { onError: { url: 'https:///errors' } },
      },
    );
    expectError(response, 'VALIDATION_FAILED', /onError\.url .*has no host/, {
      field: 'onError.url',
      rule: 'host',
    });
  });
});

describe("callback and hook URLs pointing at the mock's own admin API", () => {
  const fx = useMockFixture();
  const port = () => Number(new URL(fx.mock.url).port);

  it("refuses an onRequest hook at this mock's /__admin/reset, and another tenant's data survives", async () => {
    const other = await fx.request('POST', BAG, { tenant: TENANT_B, body: {} });
    expect(other.status).toBe(202);
    await fx.settle();

    const response = await fx.request('POST', BAG, {
      body: { onRequest: { url: `http://127.0.0.1:${port()}/__admin/reset`, wait: true } },
    });
    expectError(response, 'VALIDATION_FAILED', /onRequest\.url .*own admin API/, {
      field: 'onRequest.url',
      rule: 'self',
    });
    expect(fx.mock.core.hookCalls.list()).toEqual([]);
    const kept = await fx.request('GET', `${BAG}/${other.body.data.id}`, { tenant: TENANT_B });
    expect(kept.status).toBe(200);
  });

  it.each([
    ['localhost, upper-case path', (p: number) => `http://localhost:${p}/__ADMIN/reset`],
    ['IPv6 loopback', (p: number) => `http://[::1]:${p}/__admin/reset`],
    ['percent-encoded path', (p: number) => `http://127.0.0.1:${p}/%5F%5Fadmin/reset`],
  ])('refuses a callback URL at its own admin API written with %s', async (_name, url) => {
    const response = await fx.request('POST', BAG, { body: { callback: { url: url(port()) } } });
    expectError(response, 'VALIDATION_FAILED', /callback\.url .*own admin API/, {
      field: 'callback.url',
      rule: 'self',
    });
    expect(fx.mock.core.deliveries.list()).toEqual([]);
  });

  it('refuses a type onRequest hook at its own admin API when a container type is created', async () => {
    const response = await fx.request('POST', '/core/api/v2/containers/container-types', {
      body: {
        name: 'crate',
        hooks: { onRequest: { url: `http://127.0.0.1:${port()}/__admin/reset` } },
      },
    });
    expectError(response, 'VALIDATION_FAILED', /hooks\.onRequest\.url .*own admin API/, {
      field: 'hooks.onRequest.url',
      rule: 'self',
    });
  });

  it('refuses an entity type onRequest hook at its own admin API set through the admin API', async () => {
    const response = await fx.request(
      'PUT',
      `/__admin/tenants/${TENANT_A}/entity-types/app-1/orders/hooks`,
      {
        headers: { 'content-type': 'application/json' },
        body: { onRequest: { url: `http://localhost:${port()}/__admin/reset` } },
      },
    );
    expectError(response, 'VALIDATION_FAILED', /onRequest\.url .*own admin API/, {
      field: 'onRequest.url',
      rule: 'self',
    });
  });

  it('accepts an /__admin path on another port (a receiver that happens to use that path)', async () => {
    const response = await fx.request('POST', BAG, {
      body: { callback: { url: `${fx.receiver.url}/__admin/reset` } },
    });
    expect(response.status).toBe(202);
  });
});
