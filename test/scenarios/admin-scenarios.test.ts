import { describe, expect, it } from 'vitest';
import { expectError, useMockFixture } from '../support/mock-fixture.js';
import { admin, BAGS } from './helpers.js';

const FAIL_CREATES = {
  name: 'fail-creates',
  match: { operation: 'create' },
  probability: 1,
  action: { type: 'fail-async', reason: 'nope' },
};

describe('/__admin/scenarios', () => {
  const fixture = useMockFixture({
    config: {
      seed: 42,
      scenarios: [{ name: 'configured', match: { tenant: 'nobody' }, action: { type: 'drop' } }],
    },
  });

  it('lists the configured rules with the seed and their counts', async () => {
    const listed = await admin(fixture.mock, 'GET', '/scenarios');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      seed: 42,
      scenarios: [
        {
          rule: { name: 'configured', match: { tenant: 'nobody' }, action: { type: 'drop' } },
          origin: 'config',
          matched: 0,
          fired: 0,
        },
      ],
    });
  });

  it('adds a rule that applies to the next request, and counts what it matched and fired', async () => {
    const added = await admin(fixture.mock, 'POST', '/scenarios', FAIL_CREATES);
    expect(added.status).toBe(201);
    expect(added.body.scenarios.map((view: { rule: { name: string } }) => view.rule.name)).toEqual([
      'configured',
      'fail-creates',
    ]);
    const created = await fixture.request('POST', BAGS, { body: fixture.callback() });
    await fixture.settle(1000);
    const record = await fixture.callbackFor(created.body.data.id);
    expect(record.payload).toMatchObject({ status: 'failed', reason: 'nope' });
    const listed = await admin(fixture.mock, 'GET', '/scenarios');
    expect(listed.body.scenarios[1]).toMatchObject({ origin: 'admin', matched: 1, fired: 1 });
    expect(listed.body.scenarios[0]).toMatchObject({ matched: 0, fired: 0 });
  });

  it('adds an array of rules together, or none of them', async () => {
    const refused = await admin(fixture.mock, 'POST', '/scenarios', [
      { name: 'a', action: { type: 'drop' } },
      { name: 'b', action: { type: 'slow' } },
    ]);
    expectError(refused, 'VALIDATION_FAILED', '[1].action.delayMs is required', {
      field: '[1].action.delayMs',
      rule: 'required',
      schema: 'scenario-rule.json',
    });
    expect((await admin(fixture.mock, 'GET', '/scenarios')).body.scenarios).toHaveLength(1);

    const added = await admin(fixture.mock, 'POST', '/scenarios', [
      { name: 'a', action: { type: 'drop' } },
      { name: 'b', action: { type: 'slow', delayMs: 10 } },
    ]);
    expect(added.status).toBe(201);
    expect(added.body.scenarios).toHaveLength(3);
  });

  const invalid: Array<[string, unknown, string]> = [
    ['a missing action', { name: 'x' }, 'action'],
    ['an unknown action type', { name: 'x', action: { type: 'explode' } }, 'action.type'],
    [
      'a probability above 1',
      { name: 'x', probability: 1.5, action: { type: 'drop' } },
      'probability',
    ],
    [
      'a fail-sync status OS1 does not use',
      { name: 'x', action: { type: 'fail-sync', status: 500 } },
      'action.status',
    ],
    [
      'an unknown operation',
      { name: 'x', match: { operation: 'delete' }, action: { type: 'drop' } },
      'match.operation',
    ],
    [
      'an unknown service',
      { name: 'x', match: { service: 'Vehicle' }, action: { type: 'drop' } },
      'match.service',
    ],
    [
      'a body condition with two tests',
      {
        name: 'x',
        match: { body: [{ path: 'a', equals: 1, exists: true }] },
        action: { type: 'drop' },
      },
      'match.body[0]',
    ],
    [
      'a regular expression that does not compile',
      { name: 'x', match: { body: [{ path: 'a', matches: '(' }] }, action: { type: 'drop' } },
      'match.body[0].matches',
    ],
    [
      'a name with a colon (kept for presets)',
      { name: 'preset:x', action: { type: 'drop' } },
      'name',
    ],
    [
      'duplicate times below 2',
      { name: 'x', action: { type: 'duplicate', times: 1 } },
      'action.times',
    ],
    ['an unknown field', { name: 'x', action: { type: 'drop' }, when: 'always' }, 'when'],
  ];
  it.each(invalid)('refuses %s with a 400 naming the field', async (_what, rule, field) => {
    const refused = await admin(fixture.mock, 'POST', '/scenarios', rule);
    expect(refused.status).toBe(400);
    expect(refused.body.error.additionalInfo).toMatchObject({ error: 'VALIDATION_FAILED', field });
    expect(refused.body.error.description).toContain(field);
  });

  it('says what a body condition needs when it has no test or two', async () => {
    const refused = await admin(fixture.mock, 'POST', '/scenarios', {
      name: 'x',
      match: { body: [{ path: 'a' }] },
      action: { type: 'drop' },
    });
    expectError(
      refused,
      'VALIDATION_FAILED',
      'exactly one test: equals, notEquals, exists, in or matches',
      {
        field: 'match.body[0]',
        rule: 'minProperties',
        schema: 'scenario-rule.json',
      },
    );
  });

  it('refuses a name already taken with 409', async () => {
    const refused = await admin(fixture.mock, 'POST', '/scenarios', {
      name: 'configured',
      action: { type: 'drop' },
    });
    expectError(refused, 'SCENARIO_EXISTS', 'DELETE /__admin/scenarios/configured', {
      name: 'configured',
    });
  });

  it('removes one rule by name, and answers 404 for a name that is not there', async () => {
    await admin(fixture.mock, 'POST', '/scenarios', FAIL_CREATES);
    const removed = await admin(fixture.mock, 'DELETE', '/scenarios/fail-creates');
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({
      removed: 1,
      scenarios: [{ rule: { name: 'configured' } }],
    });
    const missing = await admin(fixture.mock, 'DELETE', '/scenarios/fail-creates');
    expectError(missing, 'SCENARIO_NOT_FOUND', 'fail-creates', { name: 'fail-creates' });

    const created = await fixture.request('POST', BAGS, { body: fixture.callback() });
    await fixture.settle(1000);
    expect((await fixture.callbackFor(created.body.data.id)).payload.status).toBe('success');
  });

  it('removes every rule', async () => {
    await admin(fixture.mock, 'POST', '/scenarios', FAIL_CREATES);
    const cleared = await admin(fixture.mock, 'DELETE', '/scenarios');
    expect(cleared.body).toEqual({ removed: 2, seed: 42, scenarios: [] });
  });

  it('goes back to the configured rules, counts at zero, on POST /__admin/reset', async () => {
    await admin(fixture.mock, 'DELETE', '/scenarios');
    await admin(fixture.mock, 'POST', '/scenarios', FAIL_CREATES);
    await admin(fixture.mock, 'POST', '/reset');
    const listed = await admin(fixture.mock, 'GET', '/scenarios');
    expect(listed.body.scenarios).toEqual([
      expect.objectContaining({
        rule: expect.objectContaining({ name: 'configured' }),
        matched: 0,
      }),
    ]);
  });

  it('refuses a body that is not JSON or is missing', async () => {
    const empty = await admin(fixture.mock, 'POST', '/scenarios');
    expect(empty.status).toBe(400);
    expect(empty.body.error.additionalInfo.error).toBe('VALIDATION_FAILED');
  });
});
