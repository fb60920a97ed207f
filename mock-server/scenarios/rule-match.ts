import { isDeepStrictEqual } from 'node:util';
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
 * Problems the schema cannot see (a regular expression that does not compile), as
 * `{field, message}` with the field dotted from the rule; null when the rule is usable.
 */
export function ruleProblem(rule: ScenarioRule): { field: string; message: string } | null {
  for (const [index, condition] of (rule.match?.body ?? []).entries()) {
    if (condition.matches === undefined) continue;
    try {
      new RegExp(condition.matches);
    } catch (error) {
      return {
        field: `match.body[${index}].matches`,
        message: `is not a valid regular expression (${(error as Error).message})`,
      };
    }
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
    if (typeof value !== 'string') return false;
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
