import Router from '@koa/router';
import type { MockCore } from '../../core.js';
import { os1Error } from '../../errors.js';
import type { ScenarioRule } from '../../generated/contracts.js';
import { ruleProblem } from '../../scenarios/rule-match.js';
import { findProblem } from '../../validation/validator.js';
import type { AppContext, AppState } from '../context.js';
import { noBody } from './admin-params.js';

/**
 * Failure-simulation rules under /__admin/scenarios: list them with their counts, add one or several
 * (contracts/schemas/scenario-rule.json, the same shape as the config file's `scenarios`), remove
 * one or all.
 */
export function adminScenarioRoutes(core: MockCore): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/__admin/scenarios' });
  const listing = () => ({ seed: core.scenarios.seed, scenarios: core.scenarios.list() });

  router.get('/', (ctx) => {
    ctx.body = listing();
  });

  router.post('/', (ctx) => {
    const rules = rulesOf(ctx);
    core.scenarios.add(rules, 'admin');
    ctx.status = 201;
    ctx.body = listing();
  });

  router.delete('/', (ctx) => {
    removeAllAsked(ctx);
    const removed = core.scenarios.clear();
    ctx.body = { removed, ...listing() };
  });

  router.delete('/:name', (ctx) => {
    const { name } = ctx.params;
    if (!core.scenarios.remove(name)) {
      throw os1Error(
        'SCENARIO_NOT_FOUND',
        `No scenario rule is named "${name}"; list them with GET /__admin/scenarios.`,
        { name },
      );
    }
    ctx.body = { removed: 1, ...listing() };
  });

  return router;
}

const REMOVE_ONE_OR_ALL =
  'DELETE /__admin/scenarios/{name} removes one rule; DELETE /__admin/scenarios (no slash, no query, no body) removes all.';

/**
 * DELETE /__admin/scenarios removes every rule, so it runs only when asked exactly: a trailing
 * slash (a name left empty), a query (?name=x) or a body is refused rather than read as "all".
 */
function removeAllAsked(ctx: AppContext): void {
  if (ctx.path.endsWith('/')) {
    throw os1Error(
      'INVALID_PATH_PARAMETER',
      `The rule name after the slash is empty. ${REMOVE_ONE_OR_ALL}`,
      {
        parameter: 'name',
      },
    );
  }
  const [parameter] = Object.keys(ctx.query);
  if (parameter !== undefined) {
    throw os1Error(
      'INVALID_QUERY',
      `DELETE /__admin/scenarios takes no query parameters (got ${JSON.stringify(parameter)}). ${REMOVE_ONE_OR_ALL}`,
      { parameter },
    );
  }
  noBody(ctx, REMOVE_ONE_OR_ALL);
}

/** The body: one rule, or an array of rules added together (all or none). */
function rulesOf(ctx: AppContext): ScenarioRule[] {
  const body = ctx.state.body;
  if (body === undefined) {
    throw os1Error(
      'VALIDATION_FAILED',
      'Invalid request body: body is required (send a scenario rule, or an array of them).',
      { field: 'body', rule: 'required', schema: 'scenario-rule.json' },
    );
  }
  const many = Array.isArray(body);
  const items: unknown[] = many ? body : [body];
  if (many && items.length === 0) {
    throw os1Error('VALIDATION_FAILED', 'Invalid request body: send at least one rule.', {
      field: 'body',
      rule: 'minItems',
      schema: 'scenario-rule.json',
    });
  }
  return items.map((item, index) => {
    const prefix = many ? `[${index}]` : '';
    const problem = findProblem('scenario-rule.json', item) ?? ruleProblem(item as ScenarioRule);
    if (problem) {
      const field =
        problem.field === 'body'
          ? prefix || 'body'
          : many
            ? `${prefix}.${problem.field}`
            : problem.field;
      const message =
        problem.message.includes('properties') && /body\[\d+\]$/.test(field)
          ? 'must have a path and exactly one test: equals, notEquals, exists, in or matches'
          : problem.message;
      throw os1Error('VALIDATION_FAILED', `Invalid scenario rule: ${field} ${message}.`, {
        field,
        rule: problem.rule,
        schema: 'scenario-rule.json',
      });
    }
    return item as ScenarioRule;
  });
}
