import { describe, expect, it } from 'vitest';
import { useHookServer } from '../support/hook-server.js';
import { useMockFixture } from '../support/mock-fixture.js';
import { addRules, BAGS } from './helpers.js';

describe('an injected asynchronous failure and the onError hook', () => {
  const fixture = useMockFixture();
  const server = useHookServer();

  it.each([
    ['a fail-async rule', {}],
    [
      'X-OS1-Mock-Outcome: failed',
      { 'X-OS1-Mock-Outcome': 'failed', 'X-OS1-Mock-Reason': 'injected' },
    ],
  ])(
    'calls the request onError hook with the reason of %s before the failed callback',
    async (what, headers) => {
      if (what.includes('rule')) {
        await addRules(fixture.mock, {
          name: 'fail',
          action: { type: 'fail-async', reason: 'injected' },
        });
      }
      const created = await fixture.request('POST', BAGS, {
        body: {
          callback: { url: `${server.hooks.url}/callback` },
          onError: { url: `${server.hooks.url}/on-error` },
        },
        extraHeaders: headers,
      });
      expect(created.status).toBe(202);
      const id = created.body.data.id as string;
      await fixture.settle();

      await server.hooks.waitFor('/callback');
      expect(server.hooks.received.map((request) => request.path)).toEqual([
        '/on-error',
        '/callback',
      ]);
      expect(server.hooks.at('/on-error')[0]?.json).toMatchObject({
        status: 'failed',
        reason: 'injected',
        id,
      });
      expect(server.hooks.at('/callback')[0]?.json).toMatchObject({
        status: 'failed',
        reason: 'injected',
      });
    },
  );
});
