import { describe, expect, it } from 'vitest';
import { useHookServer } from '../support/hook-server.js';
import { expectConforms, expectError, useMockFixture } from '../support/mock-fixture.js';
import { call } from '../support/os1-client.js';
import { rawRequest } from '../support/raw-request.js';

const C = '/core/api/v2/containers';
const P = '/core/api/v2/participants';

describe('validation hook requests, answers and records', () => {
  const f = useMockFixture();
  const server = useHookServer();

  const admin = (path: string, method = 'GET') =>
    call(f.mock.url, method, `/__admin${path}`, { headers: {} });

  it('fills {{token}}, {{request_id}} and {{tenant_id}} into the hook headers and leaves unknown placeholders', async () => {
    const response = await f.request('POST', `${C}/bag`, {
      extraHeaders: {
        'x-coreos-request-id': 'req-templates',
        'x-coreos-access': 'token-123456789',
      },
      body: {
        onRequest: {
          url: `${server.hooks.url}/hook`,
          wait: true,
          requestHeader: {
            Authorization: 'Bearer {{token}}',
            'X-Request': '{{request_id}}',
            'X-Tenant': '{{ tenant_id }}',
            'X-Kept': '{{user_id}} stays',
          },
        },
      },
    });
    expect(response.status).toBe(202);
    const [request] = server.hooks.received;
    expect(request?.headers).toMatchObject({
      authorization: 'Bearer token-123456789',
      'x-request': 'req-templates',
      'x-tenant': 'tenant-a',
      'x-kept': '{{user_id}} stays',
      'content-type': 'application/json',
    });
  });

  it('sends requestBody when the hook has one, and no body with GET', async () => {
    await f.request('POST', `${C}/bag`, {
      body: {
        isHazmat: true,
        onRequest: { url: `${server.hooks.url}/custom`, wait: true, requestBody: { check: 'bag' } },
      },
    });
    await f.request('POST', `${C}/bag`, {
      body: {
        isHazmat: true,
        onRequest: { url: `${server.hooks.url}/get`, wait: true, method: 'GET' },
      },
    });
    expect(server.hooks.at('/custom')[0]?.json).toEqual({ check: 'bag' });
    const [get] = server.hooks.at('/get');
    expect(get?.method).toBe('GET');
    expect(get?.body).toBe('');
    expect(get?.headers['content-type']).toBeUndefined();
  });

  it('lists every hook call at GET /__admin/hook-calls, with the access token masked, filtered by tenant, kind and outcome', async () => {
    server.hooks.reply = (request) =>
      request.path === '/reject' ? { status: 400, body: { reason: 'no' } } : { status: 200 };
    const token = 'secret-access-token-42';
    await f.request('POST', `${C}/bag`, {
      extraHeaders: { 'x-coreos-access': token },
      body: {
        onRequest: {
          url: `${server.hooks.url}/pass`,
          wait: true,
          requestHeader: { authorization: 'Bearer {{token}}' },
        },
      },
    });
    const rejected = await f.request('POST', `${C}/box`, {
      tenant: 'tenant-b',
      body: {
        onRequest: {
          url: `${server.hooks.url}/reject`,
          wait: true,
          raiseErrorOnStatusMismatch: true,
        },
        onError: { url: `${server.hooks.url}/on-error` },
      },
    });
    expect(rejected.status).toBe(400);

    const all = await admin('/hook-calls');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    for (const record of all.body.hookCalls) expectConforms('admin-hook-call.json', record);
    expect(JSON.stringify(all.body)).not.toContain(token);
    expect(all.body.hookCalls[0]).toMatchObject({
      tenantId: 'tenant-a',
      kind: 'onRequest',
      methodName: 'create:OnRequest',
      service: 'Container',
      url: `${server.hooks.url}/pass`,
      method: 'POST',
      requestHeaders: { authorization: 'Bearer secr…**** (22 chars)' },
      statusCode: 200,
      outcome: 'passed',
    });
    expect(all.body.hookCalls[0].latencyMs).toBeGreaterThanOrEqual(0);

    const failed = await admin('/hook-calls?outcome=mismatch');
    expect(failed.body.hookCalls).toMatchObject([
      { tenantId: 'tenant-b', url: `${server.hooks.url}/reject`, responseBody: '{"reason":"no"}' },
    ]);
    const errors = await admin('/hook-calls?kind=onError&tenant=tenant-b');
    expect(errors.body.hookCalls).toMatchObject([{ methodName: 'create:OnError' }]);
    expect((await admin('/hook-calls?tenant=nobody')).body.total).toBe(0);
    expectError(await admin('/hook-calls?kind=onSuccess'), 'INVALID_QUERY', 'kind', {
      parameter: 'kind',
    });

    expect((await admin('/reset', 'POST')).status).toBe(200);
    expect((await admin('/hook-calls')).body.total).toBe(0);
  });

  it('calls onError with the reason before answering a request its onRequest hook rejected', async () => {
    server.hooks.reply = (request) =>
      request.path === '/on-request'
        ? { status: 403, body: { message: 'closed' } }
        : { status: 200 };
    const response = await f.request('PUT', `${P}/vehicles/vehicle:unknown/state/event`, {
      body: { eventCode: 'E-022' },
    });
    expect(response.status).toBe(404); // hooks never run before the object is found
    const id = (
      await f.request('POST', `${P}/vehicles`, {
        body: { uniqueCode: 'v-on-error', owner: 'o', properties: {} },
      })
    ).body.data.id;
    const rejected = await f.request('PUT', `${P}/vehicles/${id}/state/event`, {
      body: {
        eventCode: 'E-022',
        onRequest: {
          url: `${server.hooks.url}/on-request`,
          wait: true,
          raiseErrorOnStatusMismatch: true,
        },
        onError: { url: `${server.hooks.url}/on-error` },
      },
    });
    expectError(rejected, 'HOOK_REJECTED', /answered 403.*: closed/, {
      hook: 'onRequest',
      url: `${server.hooks.url}/on-request`,
      methodName: 'apply_event:OnRequest',
      status: 403,
      reason: 'closed',
    });
    expect(server.hooks.at('/on-error')[0]?.json).toMatchObject({
      status: 'failed',
      methodName: 'apply_event:OnError',
      reason: expect.stringMatching(/answered 403.*: closed/),
      request: { eventCode: 'E-022' },
    });
  });

  it('refuses with 400 naming the field when the data the hook returns makes the request invalid', async () => {
    server.hooks.reply = () => ({ status: 200, body: { data: { isHazmat: 'yes' } } });
    const response = await f.request('POST', `${C}/bag`, {
      body: { onRequest: { url: `${server.hooks.url}/hook`, wait: true } },
    });
    expectError(response, 'HOOK_DATA_INVALID', /makes isHazmat invalid/, {
      hook: 'onRequest',
      url: `${server.hooks.url}/hook`,
      methodName: 'create:OnRequest',
      field: 'isHazmat',
      rule: 'type',
      schema: 'container-create.json',
    });
  });

  it('takes only known top-level fields from the data and never the callback or the hooks', async () => {
    server.hooks.reply = (request) =>
      request.path === '/hook'
        ? {
            status: 200,
            body: {
              data: {
                scannableId: 'S-1',
                notAField: 1,
                callback: { url: `${server.hooks.url}/elsewhere` },
                onError: { url: `${server.hooks.url}/elsewhere` },
              },
            },
          }
        : { status: 200 };
    const response = await f.request('POST', `${C}/bag`, {
      body: { ...f.callback(), onRequest: { url: `${server.hooks.url}/hook`, wait: true } },
    });
    await f.settle();
    const record = await f.callbackFor(response.body.data.id);
    expect(record.url).toBe(f.receiver.url);
    expect(record.payload.data).toMatchObject({ scannableId: 'S-1' });
    expect(record.payload.data).not.toHaveProperty('notAField');
    expect(f.mock.core.hookCalls.list()[0]?.rewrittenFields).toEqual(['scannableId']);
    expect(server.hooks.at('/elsewhere')).toHaveLength(0);
  });

  it('lets a state-event hook rewrite the event itself', async () => {
    server.hooks.reply = () => ({ status: 200, body: { data: { eventCode: 'E-022' } } });
    const id = (
      await f.request('POST', `${P}/vehicles`, {
        body: { uniqueCode: 'v-rewrite', owner: 'o', properties: {} },
      })
    ).body.data.id;
    await f.settle();
    const response = await f.request('PUT', `${P}/vehicles/${id}/state/event`, {
      body: {
        eventCode: 'E-999',
        ...f.callback(),
        onRequest: { url: `${server.hooks.url}/h`, wait: true },
      },
    });
    expect(response.status).toBe(202);
    await f.settle();
    const record = await f.callbackFor(id, (r) => r.eventType === 'participant.state-changed');
    expect(record.payload).toMatchObject({ status: 'success', data: { state: 'active:active' } });
    expect(f.mock.core.hookCalls.list()[0]?.methodName).toBe('apply_event:OnRequest');
  });

  it('accepts the statuses listed in acceptableStatusCodes and no others', async () => {
    server.hooks.reply = () => ({ status: 201, body: {} });
    const hook = { url: `${server.hooks.url}/h`, wait: true, raiseErrorOnStatusMismatch: true };
    const listed = await f.request('POST', `${C}/bag`, {
      body: { onRequest: { ...hook, acceptableStatusCodes: [200, 201] } },
    });
    expect(listed.status).toBe(202);
    const byDefault = await f.request('POST', `${C}/bag`, { body: { onRequest: hook } });
    expectError(
      byDefault,
      'HOOK_REJECTED',
      /answered 201, not one of acceptableStatusCodes 200\./,
      {
        hook: 'onRequest',
        url: `${server.hooks.url}/h`,
        methodName: 'create:OnRequest',
        status: 201,
      },
    );
  });

  it("runs a type's hook that names a methodName only for that operation", async () => {
    const set = await f.request('PUT', `${C}/container-types/bag/config/hooks`, {
      body: {
        onRequest: {
          url: `${server.hooks.url}/updates`,
          wait: true,
          methodName: 'update:OnRequest',
        },
      },
    });
    expect(set.body.data).toEqual({
      id: 'bag',
      hooks: {
        onRequest: {
          url: `${server.hooks.url}/updates`,
          wait: true,
          methodName: 'update:OnRequest',
        },
      },
    });
    const id = (await f.request('POST', `${C}/bag`, { body: {} })).body.data.id;
    expect(server.hooks.received).toHaveLength(0);
    await f.settle();
    expect((await f.request('PUT', `${C}/bag/${id}`, { body: { isHazmat: true } })).status).toBe(
      202,
    );
    expect(server.hooks.at('/updates')).toHaveLength(1);
  });

  it('takes hooks on container type creation and uses them once the type exists', async () => {
    const created = await f.request('POST', `${C}/container-types`, {
      body: {
        name: 'crate',
        hooks: { onRequest: { url: `${server.hooks.url}/crates`, wait: true } },
      },
    });
    expect(created.status).toBe(202);
    await f.settle();
    expect((await f.request('POST', `${C}/crate`, { body: {} })).status).toBe(202);
    expect(server.hooks.at('/crates')).toHaveLength(1);
  });

  it('refuses a hook whose methodName belongs to the other kind, or whose header HTTP cannot carry', async () => {
    const wrongKind = await f.request('POST', `${C}/bag`, {
      body: { onRequest: { url: `${server.hooks.url}/h`, methodName: 'create:OnError' } },
    });
    expectError(wrongKind, 'VALIDATION_FAILED', 'onRequest.methodName', {
      field: 'onRequest.methodName',
      rule: 'methodName',
    });
    const badHeader = await f.request('PUT', `${P}/participant-types/vehicles/config/hooks`, {
      body: { onError: { url: `${server.hooks.url}/h`, requestHeader: { 'x-a': 'line\nbreak' } } },
    });
    expectError(badHeader, 'VALIDATION_FAILED', 'onError.requestHeader.x-a', {
      field: 'onError.requestHeader.x-a',
      rule: 'header',
    });
    const badEntityPath = await call(
      f.mock.url,
      'PUT',
      '/__admin/tenants/tenant-a/entity-types/app%20one/stores/hooks',
      { body: {}, headers: { 'content-type': 'application/json' } },
    );
    expectError(badEntityPath, 'INVALID_PATH_PARAMETER', 'appId', { parameter: 'appId' });
    // As on the entity routes themselves, an app id of only dots names no app.
    const dotsOnly = await rawRequest(f.mock.url, {
      method: 'PUT',
      path: '/__admin/tenants/tenant-a/entity-types/%2E%2E/stores/hooks',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(dotsOnly.status).toBe(400);
    expect(dotsOnly.json).toMatchObject({ error: { additionalInfo: { parameter: 'appId' } } });
    expect(server.hooks.received).toHaveLength(0);
  });
});

describe('validation hooks when callbacks.requireHttps is on', () => {
  const f = useMockFixture({ config: { callbacks: { requireHttps: true } } });

  it('refuses an http:// hook URL as it refuses an http:// callback', async () => {
    const response = await f.request('POST', `${C}/bag`, {
      body: { onRequest: { url: 'http://127.0.0.1:9/hook', wait: true } },
    });
    expectError(response, 'VALIDATION_FAILED', 'onRequest.url must use https', {
      field: 'onRequest.url',
      rule: 'https',
    });
  });
});
