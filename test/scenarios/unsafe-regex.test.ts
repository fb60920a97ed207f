import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../mock-server/config/load-config.js';
import type { ScenarioRule } from '../../mock-server/generated/contracts.js';
import {
  MATCHES_MAX_INPUT,
  MATCHES_MAX_QUANTIFIERS,
  ruleProblem,
} from '../../mock-server/scenarios/rule-match.js';
import { startMockServer } from '../../mock-server/server.js';
import { spawnCli } from '../support/cli-process.js';
import { expectError, useMockFixture } from '../support/mock-fixture.js';
import { os1Headers } from '../support/os1-client.js';
import { addRules, admin, BAGS } from './helpers.js';

// Regression: a `matches` pattern with nested quantifiers hung the whole mock (QA, HIGH).
const REDOS = '^(a+)+$';
const EVIL_INPUT = `${'a'.repeat(34)}!`;

const ruleMatching = (pattern: string, name = 'redos'): ScenarioRule => ({
  name,
  match: { body: [{ path: 'callback.meta.x', matches: pattern }] },
  action: { type: 'fail-sync', status: 409 },
});

describe('scenario rules refuse regular expressions that can backtrack catastrophically', () => {
  const fixture = useMockFixture();

  it('refuses the nested-quantifier rule over HTTP with a 400 naming the field and how to fix it, and the mock keeps answering', async () => {
    const refused = await admin(fixture.mock, 'POST', '/scenarios', ruleMatching(REDOS));
    expectError(refused, 'VALIDATION_FAILED', 'match.body[0].matches can take exponential time', {
      field: 'match.body[0].matches',
      rule: 'safe-regex',
      schema: 'scenario-rule.json',
    });
    expect(refused.body.error.description).toContain(
      'rewrite it without a quantified group inside a quantifier',
    );
    expect((await admin(fixture.mock, 'GET', '/scenarios')).body.scenarios).toEqual([]);

    const created = await fixture.request('POST', BAGS, {
      body: fixture.callback({ x: EVIL_INPUT }),
    });
    expect(created.status).toBe(202);
    expect((await admin(fixture.mock, 'GET', '/health')).status).toBe(200);
  });

  it('names the rule in an array by its index', async () => {
    const refused = await admin(fixture.mock, 'POST', '/scenarios', [
      ruleMatching('^ORD-\\d+$', 'fine'),
      ruleMatching('(x+x+)+y', 'bad'),
    ]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.additionalInfo).toMatchObject({
      error: 'VALIDATION_FAILED',
      field: '[1].match.body[0].matches',
    });
    expect((await admin(fixture.mock, 'GET', '/scenarios')).body.scenarios).toEqual([]);
  });

  it.each([
    ['^(a+)+$'],
    ['(a*)*'],
    ['(\\w+\\s?)*$'],
    ['(x+x+)+y'],
    ['(a+){2}'],
    ['^(?:[a-z]+,?)+$'],
  ])('finds %s unsafe', (pattern) => {
    expect(ruleProblem(ruleMatching(pattern))).toMatchObject({
      field: 'match.body[0].matches',
      rule: 'safe-regex',
      message: expect.stringContaining('nested quantifiers like (a+)+'),
    });
  });

  it.each([
    ['^ORD-\\d+$'],
    ['^(?:ORD|INV)-\\d{4,8}$'],
    ['(beep|boop)*'],
    ['[^/]+/[^/]+'],
    ['(?<kind>bag|box)-\\d+'],
  ])('finds %s safe', (pattern) => {
    expect(ruleProblem(ruleMatching(pattern))).toBeNull();
  });

  it('refuses more quantifiers than the limit, and lookbehind, saying why', () => {
    expect(ruleProblem(ruleMatching('a?'.repeat(MATCHES_MAX_QUANTIFIERS + 1)))).toMatchObject({
      rule: 'safe-regex',
      message: expect.stringContaining(`more than ${MATCHES_MAX_QUANTIFIERS} quantifiers`),
    });
    expect(ruleProblem(ruleMatching('a?'.repeat(MATCHES_MAX_QUANTIFIERS)))).toBeNull();
    expect(ruleProblem(ruleMatching('(?<=ORD-)\\d+'))).toMatchObject({
      rule: 'safe-regex',
      message: expect.stringContaining('rewrite it without lookbehind'),
    });
  });

  it('refuses the rule in a config given to startMockServer, naming the key', async () => {
    const started = startMockServer({
      clock: 'virtual',
      config: { scenarios: [ruleMatching(REDOS)] },
    });
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(
      /"scenarios\[0\]\.match\.body\[0\]\.matches" can take exponential time/,
    );
  });

  it('refuses the rule in a config file: serve exits 2 naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'os1-mock-redos-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ scenarios: [ruleMatching(REDOS)] }));
    const run = spawnCli(['serve', '--port', '0', '--config', file]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(
      '"scenarios[0].match.body[0].matches" can take exponential time',
    );
  });
});

describe('serve, with a rule the check cannot see through (overlapping alternatives)', () => {
  it('answers a request that would backtrack exponentially at once, and keeps answering', async () => {
    // safe-regex2 lets ^(a|aa)*$ through; on V8's backtracking engine 60 a's and a ! take hours.
    const rule = ruleMatching('^(a|aa)*$', 'overlapping');
    expect(ruleProblem(rule)).toBeNull();
    const file = join(mkdtempSync(join(tmpdir(), 'os1-mock-overlap-')), 'config.json');
    writeFileSync(file, JSON.stringify({ scenarios: [rule] }));
    const run = spawnCli(['serve', '--port', '0', '--config', file, '--log-level', 'silent']);
    try {
      const [, url] = await run.waitForOutput(/(http:\/\/127\.0\.0\.1:\d+)/);
      // Bounded: without the fallback this request never gets an answer, and the test fails here.
      const answer = await fetch(`${url}${BAGS}`, {
        method: 'POST',
        headers: os1Headers(),
        body: JSON.stringify({
          callback: { url: 'http://127.0.0.1:9/cb', meta: { x: `${'a'.repeat(60)}!` } },
        }),
        signal: AbortSignal.timeout(5000),
      });
      expect(answer.status).toBe(202);
      const health = await fetch(`${url}/__admin/health`, { signal: AbortSignal.timeout(2000) });
      expect(health.status).toBe(200);
    } finally {
      // SIGKILL: a server stuck in a regular expression never sees SIGTERM.
      await run.stop('SIGKILL');
    }
  }, 15_000);
});

describe('an ordinary `matches` rule', () => {
  const fixture = useMockFixture();

  it('fires on a body value the pattern matches and not on one it does not', async () => {
    await addRules(fixture.mock, ruleMatching('^ORD-\\d+$', 'orders'));
    const hit = await fixture.request('POST', BAGS, { body: fixture.callback({ x: 'ORD-42' }) });
    expectError(hit, 'SIMULATED_CONFLICT', /"orders" \(fail-sync\)/, {
      simulated: true,
      rule: 'orders',
    });
    const miss = await fixture.request('POST', BAGS, { body: fixture.callback({ x: 'INV-42' }) });
    expect(miss.status).toBe(202);
  });

  it(`does not test a value longer than ${MATCHES_MAX_INPUT} characters: it does not match`, async () => {
    await addRules(fixture.mock, ruleMatching('^a+$', 'as'));
    const atCap = await fixture.request('POST', BAGS, {
      body: fixture.callback({ x: 'a'.repeat(MATCHES_MAX_INPUT) }),
    });
    expect(atCap.status).toBe(409);
    const overCap = await fixture.request('POST', BAGS, {
      body: fixture.callback({ x: 'a'.repeat(MATCHES_MAX_INPUT + 1) }),
    });
    expect(overCap.status).toBe(202);
  });
});
