import { describe, expect, it } from 'vitest';
import type { HookReply } from '../support/hook-server.js';
import { held, unreachableUrl, useHookServer } from '../support/hook-server.js';
import { expectConforms, expectError, useMockFixture } from '../support/mock-fixture.js';
import { SERVICES } from './services.js';

const withoutHooks = (body: Record<string, unknown>) => {
  const { onRequest: _onRequest, onError: _onError, ...rest } = body;
  return rest;
};

/** Answers `reply` on `path` and a plain 200 everywhere else (callbacks, other hooks). */
const on =
  (path: string, reply: () => HookReply | Promise<HookReply>) =>
  (request: { path: string }): HookReply | Promise<HookReply> =>
    request.path === path ? reply() : { status: 200, body: {} };

describe.each(SERVICES)('$name validation hooks', (svc) => {
  const f = useMockFixture();
  const server = useHookServer();

  it('lets a wait:true onRequest hook rewrite the payload: the stored object and the callback show its fields', async () => {
    const { hooks } = server;
    hooks.reply = on('/on-request', () => ({ status: 200, body: { data: svc.rewrite } }));
    const body = {
      ...svc.createBody(),
      ...f.callback(),
      onRequest: { url: `${hooks.url}/on-request`, wait: true },
    };
    const response = await f.request('POST', svc.createPath, { body });
    expect(response.status).toBe(202);
    // The request waited for the hook, which saw the payload without the hook definitions.
    const [seen] = hooks.at('/on-request');
    expect(seen?.method).toBe('POST');
    expect(seen?.json).toEqual(withoutHooks(body));
    const id = response.body.data.id as string;

    await f.settle();
    const record = await f.callbackFor(id);
    expect(record.payload.status).toBe('success');
    expect(record.payload.data).toMatchObject(svc.rewritten);
    const stored = await f.request('GET', svc.objectPath(id));
    expect(stored.status).toBe(200);
    expect(stored.body.data).toMatchObject(svc.rewritten);
    const [call] = f.mock.core.hookCalls.list();
    expect(call).toMatchObject({ outcome: 'passed', effect: 'rewrote', wait: true });
    expect([...(call?.rewrittenFields ?? [])].sort()).toEqual(Object.keys(svc.rewrite).sort());
  });

  it("fails the request at once with OS1's envelope and the hook's reason when the hook answers outside acceptableStatusCodes", async () => {
    const { hooks } = server;
    hooks.reply = on('/on-request', () => ({
      status: 422,
      body: { reason: 'rejected by the team validator' },
    }));
    const url = `${hooks.url}/on-request`;
    const response = await f.request('POST', svc.createPath, {
      body: {
        ...svc.createBody(),
        ...f.callback(),
        onRequest: { url, wait: true, raiseErrorOnStatusMismatch: true },
      },
    });
    expectError(response, 'HOOK_REJECTED', /answered 422.*: rejected by the team validator/, {
      hook: 'onRequest',
      url,
      methodName: 'create:OnRequest',
      status: 422,
      reason: 'rejected by the team validator',
    });
    expect(f.mock.core.operations.pending).toBe(0);
    await f.settle();
    expect(f.receiver.received).toHaveLength(0);
    expect(f.mock.core.hookCalls.list()[0]).toMatchObject({
      outcome: 'mismatch',
      effect: 'rejected',
      statusCode: 422,
    });
  });

  it('treats a hook that cannot be reached as a mismatch, naming why in the error', async () => {
    const url = await unreachableUrl();
    const response = await f.request('POST', svc.createPath, {
      body: {
        ...svc.createBody(),
        onRequest: { url, wait: true, raiseErrorOnStatusMismatch: true },
      },
    });
    expectError(response, 'HOOK_UNREACHABLE', /could not be reached: connection refused/, {
      hook: 'onRequest',
      url,
      methodName: 'create:OnRequest',
      outcome: 'unreachable',
    });
    expect(f.mock.core.operations.pending).toBe(0);
  });

  it('goes on with the unchanged payload when a mismatching hook does not ask to raise an error', async () => {
    const { hooks } = server;
    hooks.reply = on('/on-request', () => ({ status: 500, body: { data: svc.rewrite } }));
    const body = { ...svc.createBody(), onRequest: { url: `${hooks.url}/on-request`, wait: true } };
    const response = await f.request('POST', svc.createPath, { body });
    expect(response.status).toBe(202);
    await f.settle();
    const stored = await f.request('GET', svc.objectPath(response.body.data.id));
    expect(stored.body.data).not.toMatchObject(svc.rewritten);
    expect(f.mock.core.hookCalls.list()[0]).toMatchObject({ outcome: 'mismatch', effect: 'none' });
  });

  it('does not hold the request for a wait:false hook, yet awaits the call when the clock moves', async () => {
    const { hooks } = server;
    const answer = held<HookReply>();
    hooks.reply = on('/on-request', () => answer.promise);
    const response = await f.request('POST', svc.createPath, {
      body: {
        ...svc.createBody(),
        ...f.callback(),
        // A failing answer cannot fail a request that did not wait for it.
        onRequest: {
          url: `${hooks.url}/on-request`,
          wait: false,
          raiseErrorOnStatusMismatch: true,
        },
      },
    });
    expect(response.status).toBe(202);
    expect(hooks.at('/on-request')).toHaveLength(0);

    const advancing = f.settle();
    await hooks.waitFor('/on-request');
    expect(f.mock.core.hookCalls.list()).toMatchObject([{ outcome: 'pending', wait: false }]);
    answer.release({ status: 500, body: { data: svc.rewrite } });
    await advancing;

    const id = response.body.data.id as string;
    const record = await f.callbackFor(id);
    expect(record.payload.status).toBe('success');
    expect(record.payload.data).not.toMatchObject(svc.rewritten);
    expect(f.mock.core.hookCalls.list()).toMatchObject([
      { outcome: 'mismatch', statusCode: 500, effect: 'none', wait: false },
    ]);
  });

  it('calls onError with the reason of an asynchronous failure before the failed callback is sent', async () => {
    const { hooks } = server;
    const answer = held<HookReply>();
    hooks.reply = on('/on-error', () => answer.promise);
    const { id, reason, methodName } = await svc.failAsync(f, {
      callback: { url: `${hooks.url}/callback` },
      onError: { url: `${hooks.url}/on-error` },
    });

    const advancing = f.settle();
    const [onError] = await hooks.waitFor('/on-error');
    expect(onError?.json).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(reason),
      methodName,
      service: svc.service,
      id,
      data: { id },
    });
    // The failed callback is not even enqueued while onError has not answered.
    expect(hooks.at('/callback')).toHaveLength(0);
    expect(f.mock.core.deliveries.list().filter((r) => r.payload.data.id === id)).toHaveLength(0);

    answer.release({ status: 200, body: {} });
    await advancing;
    const record = await f.callbackFor(id, (r) => r.payload.status === 'failed');
    expect(record.payload.reason).toMatch(reason);
    expect(hooks.received.map((request) => request.path)).toEqual(['/on-error', '/callback']);
    expect(f.mock.core.hookCalls.list({ kind: 'onError' })).toMatchObject([
      { methodName, outcome: 'passed', objectId: id },
    ]);
  });

  it("uses the type's hook when the request has none, and the request's own hook over it", async () => {
    const { hooks } = server;
    const set = await svc.setTypeHooks(f, {
      onRequest: { url: `${hooks.url}/type-hook`, wait: true },
    });
    expect(set.status).toBe(200);

    const plain = await f.request('POST', svc.createPath, { body: svc.createBody() });
    expect(plain.status).toBe(202);
    expect(hooks.at('/type-hook')).toHaveLength(1);

    const own = await f.request('POST', svc.createPath, {
      body: { ...svc.createBody(), onRequest: { url: `${hooks.url}/request-hook`, wait: true } },
    });
    expect(own.status).toBe(202);
    expect(hooks.at('/request-hook')).toHaveLength(1);
    expect(hooks.at('/type-hook')).toHaveLength(1);

    // {} removes the type's hooks.
    expect((await svc.setTypeHooks(f, {})).status).toBe(200);
    await f.request('POST', svc.createPath, { body: svc.createBody() });
    expect(hooks.received).toHaveLength(2);
  });
});

describe.each(SERVICES)('$name validation hooks with hooks.onMismatch "fail-async"', (svc) => {
  const f = useMockFixture({ config: { hooks: { onMismatch: 'fail-async', timeoutMs: 200 } } });
  const server = useHookServer();

  it('answers 202 to a rejected request, then calls onError and sends a failed callback with the reason', async () => {
    const { hooks } = server;
    hooks.reply = on('/on-request', () => ({ status: 409, body: { message: 'not today' } }));
    const response = await f.request('POST', svc.createPath, {
      body: {
        ...svc.createBody(),
        callback: { url: `${hooks.url}/callback` },
        onRequest: { url: `${hooks.url}/on-request`, wait: true, raiseErrorOnStatusMismatch: true },
        onError: { url: `${hooks.url}/on-error` },
      },
    });
    expect(response.status).toBe(202);
    const id = response.body.data.id as string;
    await f.settle();
    const record = await f.callbackFor(id);
    expectConforms('callback-payload.json', record.payload);
    expect(record.payload).toMatchObject({ status: 'failed', data: { id } });
    expect(record.payload.reason).toMatch(/answered 409.*: not today/);
    expect((await f.request('GET', svc.objectPath(id))).status).toBe(404);
    expect(hooks.received.map((request) => request.path)).toEqual([
      '/on-request',
      '/on-error',
      '/callback',
    ]);
    expect(hooks.at('/on-error')[0]?.json).toMatchObject({ reason: record.payload.reason });
    expect(f.mock.core.hookCalls.list({ kind: 'onRequest' })).toMatchObject([
      { outcome: 'mismatch', effect: 'failed-async' },
    ]);
  });

  it('treats a hook that does not answer within hooks.timeoutMs as a mismatch', async () => {
    const { hooks } = server;
    hooks.reply = on('/on-request', () => held<HookReply>().promise);
    const response = await f.request('POST', svc.createPath, {
      body: {
        ...svc.createBody(),
        ...f.callback(),
        onRequest: { url: `${hooks.url}/on-request`, wait: true, raiseErrorOnStatusMismatch: true },
      },
    });
    expect(response.status).toBe(202);
    await f.settle();
    const record = await f.callbackFor(response.body.data.id);
    expect(record.payload.status).toBe('failed');
    expect(record.payload.reason).toMatch(/did not answer in time: no answer within 200 ms/);
    expect(f.mock.core.hookCalls.list()).toMatchObject([
      { outcome: 'timeout', statusCode: null, effect: 'failed-async' },
    ]);
  });
});

describe('a hook that times out with the default fail-at-once', () => {
  const f = useMockFixture({ config: { hooks: { timeoutMs: 150 } } });
  const server = useHookServer();

  it('fails the request with 424 and the timeout in the reason', async () => {
    const { hooks } = server;
    hooks.reply = () => held<HookReply>().promise;
    const response = await f.request('POST', '/core/api/v2/containers/bag', {
      body: {
        onRequest: { url: `${hooks.url}/slow`, wait: true, raiseErrorOnStatusMismatch: true },
      },
    });
    expectError(response, 'HOOK_UNREACHABLE', /did not answer in time: no answer within 150 ms/, {
      hook: 'onRequest',
      url: `${hooks.url}/slow`,
      methodName: 'create:OnRequest',
      outcome: 'timeout',
    });
  });
});
