import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { admin, scheduleCallback } from '../delivery/helpers.js';
import { call } from '../support/os1-client.js';
import type { TestReceiver } from '../support/receiver.js';
import { startReceiver } from '../support/receiver.js';

const DELIVERY_FILTERS = ['state', 'tenant', 'service', 'eventType', 'url', 'eventId'];

/** A rule that matches nothing, so keeping it or removing it is all it shows. */
const RULE = { name: 'keep-me', match: { tenant: 'nobody' }, action: { type: 'drop' } };

describe('admin filters and bulk actions take only what they understand', () => {
  let mock: MockServer;
  let receiver: TestReceiver;

  beforeEach(async () => {
    mock = await startMockServer({
      clock: 'virtual',
      config: { callbacks: { retrySchedule: [1_000] } },
    });
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await mock.stop();
    await receiver.close();
  });

  /** One dead callback for tenant ta and one for tenant tb; the receiver then answers 200. */
  async function deadInTwoTenants() {
    receiver.fallback = { status: 500 };
    const forA = scheduleCallback(mock, { url: receiver.url, tenantId: 'ta' });
    const forB = scheduleCallback(mock, { url: receiver.url, tenantId: 'tb' });
    await mock.core.scheduler.advance(1_000);
    expect([forA.state, forB.state]).toEqual(['dead', 'dead']);
    receiver.fallback = { status: 200 };
    return [forA, forB] as const;
  }

  it('refuses a mistyped filter on the bulk redeliver, naming it and the filters, and redelivers nothing', async () => {
    const [forA, forB] = await deadInTwoTenants();
    const attempts = receiver.received.length;

    const typo = await admin(mock, 'POST', '/deliveries/redeliver?tenat=ta');
    expect(typo.status).toBe(400);
    expect(typo.body.error.additionalInfo).toMatchObject({
      error: 'INVALID_QUERY',
      parameter: 'tenat',
      known: DELIVERY_FILTERS,
    });
    expect(typo.body.error.description).toContain('"tenat"');
    expect(typo.body.error.description).toContain(DELIVERY_FILTERS.join(', '));

    await mock.core.scheduler.advance(1_000);
    expect([forA.state, forB.state]).toEqual(['dead', 'dead']);
    expect([forA.redeliveries, forB.redeliveries]).toEqual([0, 0]);
    expect(receiver.received).toHaveLength(attempts);

    const meant = await admin(mock, 'POST', '/deliveries/redeliver?tenant=ta');
    expect(meant.body).toEqual({ redelivered: 1, deliveries: [forA.id] });
  });

  it('refuses filters sent as a JSON body on the bulk redeliver, saying they go in the query string', async () => {
    const [forA, forB] = await deadInTwoTenants();

    const asBody = await admin(mock, 'POST', '/deliveries/redeliver', { tenant: 'ta' });
    expect(asBody.status).toBe(400);
    expect(asBody.body.error.additionalInfo).toMatchObject({
      error: 'VALIDATION_FAILED',
      field: 'body',
    });
    expect(asBody.body.error.description).toContain('query string');

    await mock.core.scheduler.advance(1_000);
    expect([forA.redeliveries, forB.redeliveries]).toEqual([0, 0]);
  });

  it('refuses query parameters the delivery, request and hook-call lists do not take', async () => {
    const cases: Array<[string, string, string[]]> = [
      ['/deliveries?limit=-1', 'limit', DELIVERY_FILTERS],
      ['/deliveries?offset=abc', 'offset', DELIVERY_FILTERS],
      ['/deliveries?state=dead&tenat=ta', 'tenat', DELIVERY_FILTERS],
      ['/requests?offset=1', 'offset', ['tenant', 'method', 'status', 'limit']],
      ['/hook-calls?tenat=ta', 'tenat', ['tenant', 'kind', 'outcome']],
    ];
    for (const [path, parameter, known] of cases) {
      const response = await admin(mock, 'GET', path);
      expect(response.status, path).toBe(400);
      expect(response.body.error.additionalInfo, path).toMatchObject({
        error: 'INVALID_QUERY',
        parameter,
        known,
      });
    }
    expect((await admin(mock, 'GET', '/deliveries?state=dead&tenant=ta')).status).toBe(200);
  });

  it('refuses a filter given twice with a 400 saying so, instead of quietly matching nothing', async () => {
    const [forA, forB] = await deadInTwoTenants();
    const cases: Array<[string, string, string]> = [
      ['GET', '/deliveries?state=dead&state=delivered', 'state'],
      ['POST', '/deliveries/redeliver?tenant=ta&tenant=tb', 'tenant'],
      ['GET', '/requests?limit=1&limit=2', 'limit'],
      ['GET', '/hook-calls?kind=onRequest&kind=onError&kind=onRequest', 'kind'],
    ];
    for (const [method, path, parameter] of cases) {
      const response = await admin(mock, method, path);
      expect(response.status, path).toBe(400);
      expect(response.body.error.additionalInfo, path).toMatchObject({
        error: 'INVALID_QUERY',
        parameter,
      });
      expect(response.body.error.description, path).toMatch(/given (twice|3 times)/);
    }
    await mock.core.scheduler.advance(1_000);
    expect([forA.redeliveries, forB.redeliveries]).toEqual([0, 0]);
  });

  it('removes no rule for DELETE /__admin/scenarios/ with a trailing slash, a query or a body', async () => {
    expect((await admin(mock, 'POST', '/scenarios', RULE)).status).toBe(201);
    const explains = (description: string) => {
      expect(description).toContain('DELETE /__admin/scenarios/{name} removes one rule');
      expect(description).toContain('DELETE /__admin/scenarios (no slash, no query');
    };

    const slash = await admin(mock, 'DELETE', '/scenarios/');
    expect(slash.status).toBe(400);
    expect(slash.body.error.additionalInfo).toMatchObject({
      error: 'INVALID_PATH_PARAMETER',
      parameter: 'name',
    });
    explains(slash.body.error.description);

    const byQuery = await admin(mock, 'DELETE', '/scenarios?name=x');
    expect(byQuery.status).toBe(400);
    expect(byQuery.body.error.additionalInfo).toMatchObject({
      error: 'INVALID_QUERY',
      parameter: 'name',
    });
    explains(byQuery.body.error.description);

    const byBody = await admin(mock, 'DELETE', '/scenarios', { name: 'x' });
    expect(byBody.status).toBe(400);
    expect(byBody.body.error.additionalInfo).toMatchObject({
      error: 'VALIDATION_FAILED',
      field: 'body',
    });

    const listed = await admin(mock, 'GET', '/scenarios');
    expect(listed.body.scenarios.map((view: { rule: { name: string } }) => view.rule.name)).toEqual(
      ['keep-me'],
    );

    const all = await call(mock.url, 'DELETE', '/__admin/scenarios', { headers: {} });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ removed: 1, scenarios: [] });
  });
});
