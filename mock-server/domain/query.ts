import type { EntityQuery, EntityQueryCondition } from '../generated/contracts.js';

/** Reads a dotted path such as `properties.color` from an object. */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Whether an object satisfies an OS1 JSON query: {op: and|or, arr: [conditions or groups]}. */
export function matchesQuery(object: unknown, query: EntityQuery): boolean {
  const results = query.arr.map((item) =>
    'op' in item
      ? matchesQuery(object, item as EntityQuery)
      : matchesCondition(object, item as EntityQueryCondition),
  );
  return query.op === 'and' ? results.every(Boolean) : results.some(Boolean);
}

function matchesCondition(object: unknown, condition: EntityQueryCondition): boolean {
  const actual = readPath(object, condition.key);
  const expected = condition.value;
  switch (condition.expr) {
    case 'eq':
      return equal(actual, expected);
    case 'ne':
      return !equal(actual, expected);
    case 'gt':
      return compare(actual, expected) > 0;
    case 'gte':
      return compare(actual, expected) >= 0;
    case 'lt':
      return compare(actual, expected) < 0;
    case 'lte':
      return compare(actual, expected) <= 0;
    case 'in':
      return Array.isArray(expected) && expected.some((candidate) => equal(actual, candidate));
    case 'nin':
      return Array.isArray(expected) && !expected.some((candidate) => equal(actual, candidate));
    case 'contains':
      if (typeof actual === 'string' && typeof expected === 'string')
        return actual.includes(expected);
      return Array.isArray(actual) && actual.some((element) => equal(element, expected));
    case 'exists':
      return (actual !== undefined) === (expected !== false);
  }
}

const equal = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));

/** NaN-free ordering of numbers or strings; anything else never satisfies gt/lt. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number.NaN;
}

/** Where a query goes wrong and how: `field` is a path such as `query.arr[0].value`. */
export interface QueryProblem {
  field: string;
  message: string;
  /** The rule broken, as the schema validator names them (enum, required, type, ...). */
  rule: string;
}

const EXPRS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'exists'] as const;
const GROUP_KEYS = ['op', 'arr'];
const CONDITION_KEYS = ['key', 'value', 'expr'];
const MAX_ITEMS = 50;
const MAX_KEY_LENGTH = 256;

/**
 * What makes a parsed `query` unusable, or null: the shape contracts/schemas/entity-query.json
 * states, told node by node (a group {op, arr} or a condition {key, value, expr}, so an unexpected
 * key is named as such), plus the value each expr needs: an array for in and nin, a number or string
 * for gt, gte, lt and lte, a boolean (or nothing) for exists, and a value for the others.
 */
export function queryProblem(value: unknown, field = 'query'): QueryProblem | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { field, message: 'must be an object: a group {"op", "arr"}', rule: 'type' };
  }
  return groupProblem(value as Record<string, unknown>, field);
}

function groupProblem(group: Record<string, unknown>, field: string): QueryProblem | null {
  const unexpected = Object.keys(group).find((key) => !GROUP_KEYS.includes(key));
  if (unexpected !== undefined) {
    return {
      field: `${field}.${unexpected}`,
      message: `is not a key of a group: a group takes only "op" and "arr"; remove "${unexpected}"`,
      rule: 'additionalProperties',
    };
  }
  if (!Object.hasOwn(group, 'op'))
    return { field: `${field}.op`, message: 'is required ("and" or "or")', rule: 'required' };
  if (group.op !== 'and' && group.op !== 'or') {
    return { field: `${field}.op`, message: 'must be one of "and", "or"', rule: 'enum' };
  }
  const { arr } = group;
  if (!Array.isArray(arr)) {
    return {
      field: `${field}.arr`,
      message: 'must be an array of conditions and groups',
      rule: 'type',
    };
  }
  if (arr.length > MAX_ITEMS) {
    return {
      field: `${field}.arr`,
      message: `must have at most ${MAX_ITEMS} items`,
      rule: 'maxItems',
    };
  }
  for (const [i, item] of arr.entries()) {
    const at = `${field}.arr[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return {
        field: at,
        message: 'must be a condition {"key", "value", "expr"} or a group {"op", "arr"}',
        rule: 'type',
      };
    }
    const node = item as Record<string, unknown>;
    const problem =
      Object.hasOwn(node, 'op') || Object.hasOwn(node, 'arr')
        ? groupProblem(node, at)
        : conditionProblem(node, at);
    if (problem) return problem;
  }
  return null;
}

function conditionProblem(condition: Record<string, unknown>, field: string): QueryProblem | null {
  const unexpected = Object.keys(condition).find((key) => !CONDITION_KEYS.includes(key));
  if (unexpected !== undefined) {
    return {
      field: `${field}.${unexpected}`,
      message: `is not a key of a condition: a condition takes only "key", "value" and "expr" (a group "op" and "arr"); remove "${unexpected}"`,
      rule: 'additionalProperties',
    };
  }
  const { key, expr } = condition;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    return {
      field: `${field}.key`,
      message: `is required: the field to test, a string of 1 to ${MAX_KEY_LENGTH} characters such as "properties.color"`,
      rule: 'key',
    };
  }
  if (!EXPRS.includes(expr as (typeof EXPRS)[number])) {
    return { field: `${field}.expr`, message: `must be one of ${EXPRS.join(', ')}`, rule: 'enum' };
  }
  const has = Object.hasOwn(condition, 'value');
  const { value } = condition;
  const at = `${field}.value`;
  switch (expr as (typeof EXPRS)[number]) {
    case 'in':
    case 'nin':
      return Array.isArray(value)
        ? null
        : {
            field: at,
            message: `must be an array of the values to match for expr "${expr}"`,
            rule: 'value',
          };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value === 'number' || typeof value === 'string'
        ? null
        : { field: at, message: `must be a number or a string for expr "${expr}"`, rule: 'value' };
    case 'exists':
      return !has || typeof value === 'boolean'
        ? null
        : {
            field: at,
            message: 'must be true or false (or left out, meaning true) for expr "exists"',
            rule: 'value',
          };
    default:
      return has
        ? null
        : { field: at, message: `is required for expr "${expr}"`, rule: 'required' };
  }
}
