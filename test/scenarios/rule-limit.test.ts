import { afterEach, describe, expect, it } from 'vitest';
import { checkConfig } from '../../mock-server/config/load-config.js';
import type { ScenarioRule } from '../../mock-server/generated/contracts.js';
import { MAX_SCENARIO_RULES } from '../../mock-server/scenarios/scenario-registry.js';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { expectError, useMockFixture } from '../support/mock-fixture.js';
import { admin } from './helpers.js';

// Regression: the admin API took 5,000 rules while a config file may hold at most 200 (QA, LOW).
const rules = (count: number, prefix = 'rule'): ScenarioRule[] =>
  Array.from({ length: count }, (_, index) => ({
    name: `${prefix}-${index}`,
    match: { tenant: 'nobody' },
    action: { type: 'drop' },
  }));

describe('the number of scenario rules', () => {
  const fixture = useMockFixture();

  it('refuses the rule past the limit with a 400 saying the limit and how to remove rules, and takes one again after a DELETE', async () => {
    const filled = await admin(fixture.mock, 'POST', '/scenarios', rules(MAX_SCENARIO_RULES));
    expect(filled.status).toBe(201);
    expect(filled.body.scenarios).toHaveLength(MAX_SCENARIO_RULES);

    const refused = await admin(fixture.mock, 'POST', '/scenarios', rules(1, 'extra')[0]);
    expectError(
      refused,
      'VALIDATION_FAILED',
      `${MAX_SCENARIO_RULES} are loaded and at most ${MAX_SCENARIO_RULES} can be`,
      { field: 'body', rule: 'maxItems', limit: MAX_SCENARIO_RULES, loaded: MAX_SCENARIO_RULES },
    );
    expect(refused.body.error.description).toContain('DELETE /__admin/scenarios/{name}');
    expect((await admin(fixture.mock, 'GET', '/scenarios')).body.scenarios).toHaveLength(
      MAX_SCENARIO_RULES,
    );

    expect((await admin(fixture.mock, 'DELETE', '/scenarios/rule-0')).status).toBe(200);
    const added = await admin(fixture.mock, 'POST', '/scenarios', rules(1, 'extra')[0]);
    expect(added.status).toBe(201);
    expect(added.body.scenarios).toHaveLength(MAX_SCENARIO_RULES);
  });

  it('refuses an array that would pass the limit as a whole, adding none of it', async () => {
    const refused = await admin(fixture.mock, 'POST', '/scenarios', rules(MAX_SCENARIO_RULES + 1));
    expectError(
      refused,
      'VALIDATION_FAILED',
      `these ${MAX_SCENARIO_RULES + 1} rules were not added`,
      {
        field: 'body',
        rule: 'maxItems',
        limit: MAX_SCENARIO_RULES,
        loaded: 0,
      },
    );
    expect((await admin(fixture.mock, 'GET', '/scenarios')).body.scenarios).toEqual([]);
  });
});

describe('the admin limit and the config file limit', () => {
  let mock: MockServer | undefined;
  afterEach(async () => {
    await mock?.stop();
    mock = undefined;
  });

  it('are the same number: a config may hold the limit, and one more rule over HTTP is refused', async () => {
    expect(() =>
      checkConfig({ scenarios: rules(MAX_SCENARIO_RULES + 1) }, 'config file x'),
    ).toThrow(`"scenarios" must NOT have more than ${MAX_SCENARIO_RULES} items`);
    mock = await startMockServer({
      clock: 'virtual',
      config: { scenarios: rules(MAX_SCENARIO_RULES) },
    });
    const refused = await admin(mock, 'POST', '/scenarios', rules(1, 'extra')[0]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.additionalInfo).toMatchObject({ rule: 'maxItems' });
  });
});
