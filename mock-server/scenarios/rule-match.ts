import { isDeepStrictEqual } from 'node:util';
import safeRegex from 'safe-regex2';
import { readPath } from '../domain/query.js';
import type { ScenarioBodyCondition, ScenarioMatch, ScenarioRule } from '../generated/contracts.js';
import type { RequestFacts } from './request-facts.js';

/** Whether every condition of `match` holds for the request (an absent match takes all). */
export function matchesRequest(match: ScenarioMatch | undefined, facts: RequestFacts): boolean {
  if (!match) return true;
  return (
    oneOf(match.service, facts.service) &&
    oneOf(match.operation, facts.operation) &&
    (match.tenant === undefined || match.tenant === facts.tenantId) &&
    (match.type === undefined || match.type === facts.type) &&
    (match.body ?? []).every((condition) => holds(condition, facts.body)) &&
    Object.entries(match.headers ?? {}).every(
      ([name, expected]) => headerValue(facts.headers, name) === expected,
    )
  );
}

/**
 * Longest string a `matches` condition is tested against: a longer value does not match. Bounds
 * the time one test can take even for a pattern whose backtracking is polynomial (docs/decisions/0012).
 */
export const MATCHES_MAX_INPUT = 1000;

/** Most quantifiers (`*`, `+`, `?`, `{n,m}`) in one `matches` pattern (safe-regex2's default). */
export const MATCHES_MAX_QUANTIFIERS = 25;

export interface RuleProblem {
  field: string;
  message: string;
  rule: 'regex' | 'safe-regex';
}

/**
 * Problems the schema cannot see (a regular expression that does not compile, or one that can
 * backtrack catastrophically and would block the server), as `{field, message, rule}` with the
 * field dotted from the rule; null when the rule is usable.
 */
export function ruleProblem(rule: ScenarioRule): RuleProblem | null {
  for (const [index, condition] of (rule.match?.body ?? []).entries()) {
    if (condition.matches === undefined) continue;
    const field = `match.body[${index}].matches`;
    try {
      new RegExp(condition.matches);
    } catch (error) {
      return {
        field,
        message: `is not a valid regular expression (${(error as Error).message})`,
        rule: 'regex',
      };
    }
    const unsafe = unsafePatternReason(condition.matches);
    if (unsafe) return { field, message: unsafe, rule: 'safe-regex' };
  }
  return null;
}

/**
 * Why a compiling pattern could block the server, or null. safe-regex2 refuses a quantified
 * group inside a quantifier (star height above 1) and more than MATCHES_MAX_QUANTIFIERS
 * quantifiers; it cannot read lookbehind, so that is refused too rather than let through unchecked.
 */
function unsafePatternReason(pattern: string): string | null {
  if (!safeRegex(pattern, { limit: Number.POSITIVE_INFINITY })) {
    if (/\(\?<[=!]/.test(pattern)) {
      return 'uses lookbehind ((?<=...) or (?<!...)), which the check against catastrophic backtracking cannot read; rewrite it without lookbehind';
    }
    return 'can take exponential time: nested quantifiers like (a+)+ backtrack catastrophically on a string that almost matches, which would block the mock; rewrite it without a quantified group inside a quantifier (e.g. ^a+$ instead of ^(a+)+$)';
  }
  if (!safeRegex(pattern, { limit: MATCHES_MAX_QUANTIFIERS })) {
    return `has more than ${MATCHES_MAX_QUANTIFIERS} quantifiers (*, +, ?, {n,m}), which can make matching slow; simplify it or split it into several body conditions`;
  }
  return null;
}

function oneOf<T>(wanted: T | readonly T[] | undefined, actual: T): boolean {
  if (wanted === undefined) return true;
  return Array.isArray(wanted) ? wanted.includes(actual) : wanted === actual;
}

const patterns = new Map<string, RegExp>();

function holds(condition: ScenarioBodyCondition, body: unknown): boolean {
  const path = condition.path.startsWith('$.') ? condition.path.slice(2) : condition.path;
  const value = readPath(body, path);
  if (condition.exists !== undefined) return (value !== undefined) === condition.exists;
  if ('equals' in condition) return isDeepStrictEqual(value, condition.equals);
  if ('notEquals' in condition) return !isDeepStrictEqual(value, condition.notEquals);
  if (condition.in !== undefined)
    return condition.in.some((item) => isDeepStrictEqual(value, item));
  if (condition.matches !== undefined) {
    if (typeof value !== 'string' || value.length > MATCHES_MAX_INPUT) return false;
    let pattern = patterns.get(condition.matches);
    if (!pattern) {
      pattern = new RegExp(condition.matches);
      if (patterns.size < 1000) patterns.set(condition.matches, pattern);
    }
    return pattern.test(value);
  }
  return false;
}

function headerValue(headers: RequestFacts['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
