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
