import { describe, expect, it } from 'vitest';
import type { ErrorName } from '../../mock-server/errors.js';
import { expectError, useMockFixture } from '../support/mock-fixture.js';
import { addRules, BAGS } from './helpers.js';

describe('X-OS1-Mock-* request headers', () => {
  const fixture = useMockFixture({
    config: { callbacks: { delay: { distribution: 'fixed', ms: 100 } } },
  });

  const createBag = async (headers: Record<string, string>) => {
    const created = await fixture.request('POST', BAGS, {
      body: fixture.callback(),
      extraHeaders: headers,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    return created.body.data.id as string;
  };

  it('X-OS1-Mock-Outcome: failed with a reason and a delay fails that request after the delay, leaving nothing', async () => {
    const acceptedAt = fixture.mock.core.clock.now();
    const id = await createBag({
      'X-OS1-Mock-Outcome': 'failed',
      'X-OS1-Mock-Reason': 'warehouse offline',
      'X-OS1-Mock-Delay-Ms': '2500',
    });
    await fixture.settle(2000);
    expect(fixture.mock.core.deliveries.list()).toEqual([]);
    await fixture.settle(1000);

    const record = await fixture.callbackFor(id);
    expect(record.createdAt).toBe(acceptedAt + 2500);
    expect(record.payload).toMatchObject({ status: 'failed', reason: 'warehouse offline' });
    expect(record.faults?.map(({ source, rule, action }) => [source, rule, action])).toEqual([
      ['header', null, 'fail-async'],
      ['header', null, 'processing-delay'],
    ]);
    expect((await fixture.request('GET', `${BAGS}/${id}`)).status).toBe(404);
  });

  it('X-OS1-Mock-Outcome: failed on a batch stores no record and reports the batch failed with the reason', async () => {
    const accepted = await fixture.request('POST', `${BAGS}/batch`, {
      body: { payload: [{ refID: 'one' }, { refID: 'two' }], ...fixture.callback() },
      extraHeaders: { 'X-OS1-Mock-Outcome': 'failed', 'X-OS1-Mock-Reason': 'batch service down' },
    });
    expect(accepted.status).toBe(202);
    const batchId = accepted.body.data.id as string;
    await fixture.settle(1000);

    const status = await fixture.request('GET', `${BAGS}/batch/status?batchId=${batchId}`);
    expect(status.body.data).toMatchObject({
      id: batchId,
      status: 'failed',
      reason: 'batch service down',
      success: [],
    });
    expect((await fixture.request('GET', `${BAGS}/filter`)).body.data.meta.totalElements).toBe(0);
  });

  it('X-OS1-Mock-Outcome: failed without a reason gives a reason that names the header', async () => {
    const id = await createBag({ 'X-OS1-Mock-Outcome': 'failed' });
    await fixture.settle(1000);
    const record = await fixture.callbackFor(id);
    expect(record.payload.reason).toContain('X-OS1-Mock-Outcome');
  });

  it('X-OS1-Mock-Outcome: success shields a request from a fail-async rule', async () => {
    await addRules(fixture.mock, { name: 'fail-all', action: { type: 'fail-async' } });
    const shielded = await createBag({ 'X-OS1-Mock-Outcome': 'success' });
    const hit = await createBag({});
    await fixture.settle(1000);
    expect((await fixture.callbackFor(shielded)).payload.status).toBe('success');
    expect((await fixture.callbackFor(hit)).payload.status).toBe('failed');
  });

  it('X-OS1-Mock-Delay-Ms alone only moves the processing time', async () => {
    const acceptedAt = fixture.mock.core.clock.now();
    const id = await createBag({ 'X-OS1-Mock-Delay-Ms': '0' });
    await fixture.settle(0);
    const record = await fixture.callbackFor(id);
    expect(record.createdAt).toBe(acceptedAt);
    expect(record.payload.status).toBe('success');
  });

  const statuses: Array<[string, ErrorName]> = [
    ['400', 'SIMULATED_BAD_REQUEST'],
    ['401', 'SIMULATED_UNAUTHORIZED'],
    ['404', 'SIMULATED_NOT_FOUND'],
    ['409', 'SIMULATED_CONFLICT'],
    ['429', 'SIMULATED_TOO_MANY_REQUESTS'],
    ['503', 'SIMULATED_UNAVAILABLE'],
  ];
  it.each(statuses)(
    "X-OS1-Mock-Status: %s fails at once with OS1's error envelope and sends no callback",
    async (status, name) => {
      const refused = await fixture.request('POST', BAGS, {
        body: fixture.callback(),
        extraHeaders: { 'X-OS1-Mock-Status': status },
      });
      expectError(refused, name, 'X-OS1-Mock-Status', {
        simulated: true,
        header: 'X-OS1-Mock-Status',
      });
      await fixture.settle(5000);
      expect(fixture.mock.core.deliveries.list()).toEqual([]);
      expect(fixture.mock.core.operations.pending).toBe(0);
    },
  );

  const badValues: Array<[string, Record<string, string>]> = [
    ['X-OS1-Mock-Outcome', { 'X-OS1-Mock-Outcome': 'maybe' }],
    ['X-OS1-Mock-Reason', { 'X-OS1-Mock-Reason': 'no outcome header' }],
    ['X-OS1-Mock-Reason', { 'X-OS1-Mock-Outcome': 'failed', 'X-OS1-Mock-Reason': ' ' }],
    ['X-OS1-Mock-Delay-Ms', { 'X-OS1-Mock-Delay-Ms': '-5' }],
    ['X-OS1-Mock-Delay-Ms', { 'X-OS1-Mock-Delay-Ms': '1.5' }],
    ['X-OS1-Mock-Delay-Ms', { 'X-OS1-Mock-Delay-Ms': '99999999' }],
    ['X-OS1-Mock-Status', { 'X-OS1-Mock-Status': '500' }],
    ['X-OS1-Mock-Status', { 'X-OS1-Mock-Status': 'soon' }],
  ];
  it.each(badValues)(
    'a bad %s value is a 400 naming the header, never ignored',
    async (header, headers) => {
      const refused = await fixture.request('POST', BAGS, {
        body: fixture.callback(),
        extraHeaders: headers,
      });
      expectError(refused, 'INVALID_HEADER', header, { header });
      await fixture.settle(1000);
      expect(fixture.mock.core.deliveries.list()).toEqual([]);
    },
  );
});
