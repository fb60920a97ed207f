import { describe, expect, it } from 'vitest';
import { admin, scheduleCallback } from '../delivery/helpers.js';
import { useMockFixture } from '../support/mock-fixture.js';
import { call } from '../support/os1-client.js';

const DELIVERY_FILTERS = ['state', 'tenant', 'service', 'eventType', 'url', 'eventId'];

/** A rule that matches nothing, so keeping it or removing it is all it shows. */
const RULE = { name: 'keep-me', match: { tenant: 'nobody' }, action: { type: 'drop' } };

describe('admin filters and bulk actions take only what they understand', () => {
  const fx = useMockFixture({ config: { callbacks: { retrySchedule: [1_000] } } });

  /** One dead callback for tenant ta and one for tenant tb; the receiver then answers 200. */
  async function deadInTwoTenants() {
    fx.receiver.fallback = { status: 500 };
    const forA = scheduleCallback(fx.mock, { url: fx.receiver.url, tenantId: 'ta' });
    const forB = scheduleCallback(fx.mock, { url: fx.receiver.url, tenantId: 'tb' });
    await fx.mock.core.scheduler.advance(1_000);
    expect([forA.state, forB.state]).toEqual(['dead', 'dead']);
    fx.receiver.fallback = { status: 200 };
    return [forA, forB] as const;
  }

  it('refuses a mistyped filter on the bulk redeliver, naming it and the filters, and redelivers nothing', async () => {
    const [forA, forB] = await deadInTwoTenants();
    const attempts = fx.receiver.received.length;

    const typo = await admin(fx.mock, 'POST', '/deliveries/redeliver?tenat=ta');
    expect(typo.status).toBe(400);
    expect(typo.body.error.additionalInfo).toMatchObject({
      error: 'INVALID_QUERY',
      parameter: 'tenat',
      known: DELIVERY_FILTERS,
    });
    expect(typo.body.error.description).toContain('"tenat"');
    expect(typo.body.error.description).toContain(DELIVERY_FILTERS.join(', '));

    await fx.mock.core.scheduler.advance(1_000);
    expect([forA.state, forB.state]).toEqual(['dead', 'dead']);
    expect([forA.redeliveries, forB.redeliveries]).toEqual([0, 0]);
    expect(fx.receiver.received).toHaveLength(attempts);

    const meant = await admin(fx.mock, 'POST', '/deliveries/redeliver?tenant=ta');
    expect(meant.body).toEqual({ redelivered: 1, deliveries: [forA.id] });
  });

  it('refuses filters sent as a JSON body on the bulk redeliver, saying they go in the query string', async () => {
    const [forA, forB] = await deadInTwoTenants();

    const asBody = await admin(fx.mock, 'POST', '/deliveries/redeliver', { tenant: 'ta' });
    expect(asBody.status).toBe(400);
    expect(asBody.body.error.additionalInfo).toMatchObject({
      error: 'VALIDATION_FAILED',
      field: 'body',
    });
    expect(asBody.body.error.description).toContain('query string');

    await fx.mock.core.scheduler.advance(1_000);
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
      const response = await admin(fx.mock, 'GET', path);
      expect(response.status, path).toBe(400);
      expect(response.body.error.additionalInfo, path).toMatchObject({
        error: 'INVALID_QUERY',
        parameter,
        known,
      });
    }
    expect((await admin(fx.mock, 'GET', '/deliveries?state=dead&tenant=ta')).status).toBe(200);
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
      const response = await admin(fx.mock, method, path);
      expect(response.status, path).toBe(400);
      expect(response.body.error.additionalInfo, path).toMatchObject({
        error: 'INVALID_QUERY',
        parameter,
      });
      expect(response.body.error.description, path).toMatch(/given (twice|3 times)/);
    }
    await fx.mock.core.scheduler.advance(1_000);
    expect([forA.redeliveries, forB.redeliveries]).toEqual([0, 0]);
  });

  it('removes no rule for DELETE /__admin/scenarios/ with a trailing slash, a query or a body', async () => {
    expect((await admin(fx.mock, 'POST', '/scenarios', RULE)).status).toBe(201);
    const explains = (description: string) => {
      expect(description).toContain('DELETE /__admin/scenarios/{name} removes one rule');
      expect(description).toContain('DELETE /__admin/scenarios (no slash, no query');
    };

    const slash = await admin(fx.mock, 'DELETE', '/scenarios/');
    expect(slash.status).toBe(400);
    expect(slash.body.error.additionalInfo).toMatchObject({
      error: 'INVALID_PATH_PARAMETER',
      parameter: 'name',
    });
    explains(slash.body.error.description);

    const byQuery = await admin(fx.mock, 'DELETE', '/scenarios?name=x');
    expect(byQuery.status).toBe(400);
    expect(byQuery.body.error.additionalInfo).toMatchObject({
      error: 'INVALID_QUERY',
      parameter: 'name',
    });
    explains(byQuery.body.error.description);

    const byBody = await admin(fx.mock, 'DELETE', '/scenarios', { name: 'x' });
    expect(byBody.status).toBe(400);
    expect(byBody.body.error.additionalInfo).toMatchObject({
      error: 'VALIDATION_FAILED',
      field: 'body',
    });

    const listed = await admin(fx.mock, 'GET', '/scenarios');
    expect(listed.body.scenarios.map((view: { rule: { name: string } }) => view.rule.name)).toEqual(
      ['keep-me'],
    );

    const all = await call(fx.mock.url, 'DELETE', '/__admin/scenarios', { headers: {} });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ removed: 1, scenarios: [] });
  });
});
