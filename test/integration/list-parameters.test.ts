import { describe, expect, it } from 'vitest';
import { expectError, useMockFixture } from '../support/mock-fixture.js';

const FILTER = '/core/api/v2/containers/bag/filter';
const queryOf = (query: unknown) => `query=${encodeURIComponent(JSON.stringify(query))}`;
const leaf = (condition: Record<string, unknown>) => queryOf({ op: 'and', arr: [condition] });

describe('list query parameters the mock cannot use', () => {
  const fx = useMockFixture();

  /** Three bags, scannable ids S-2, S-1, S-3 with weights 5, 9, 1, processed. */
  const threeBags = async () => {
    for (const [scannableId, weight] of [
      ['S-2', 5],
      ['S-1', 9],
      ['S-3', 1],
    ] as const) {
      const created = await fx.request('POST', '/core/api/v2/containers/bag', {
        body: { scannableId, attributes: { weight } },
      });
      expect(created.status).toBe(202);
    }
    await fx.settle();
  };
  const scannableIds = (response: { body: { data: { containers: { scannableId: string }[] } } }) =>
    response.body.data.containers.map((container) => container.scannableId);

  it('refuses a sortKey that is no field of a container, listing the fields', async () => {
    expectError(
      await fx.request('GET', `${FILTER}?sortKey=nope`),
      'INVALID_QUERY',
      /sortKey "nope" is not asc or desc, nor a field of a container\. Send sortKey=<field> and sortBy=asc or desc; the field is one of id, containerType, state.*attributes\.<name>/,
      { parameter: 'sortKey', accepted: expect.arrayContaining(['scannableId', 'attributes']) },
    );
  });

  it('refuses sortBy=sideways alone, saying sortBy takes asc or desc', async () => {
    expectError(
      await fx.request('GET', `${FILTER}?sortBy=sideways`),
      'INVALID_QUERY',
      /sortBy "sideways" is not asc or desc, nor a field of a container/,
      { parameter: 'sortBy', accepted: expect.arrayContaining(['scannableId']) },
    );
  });

  it('refuses a sortBy that is not a direction when sortKey names the field', async () => {
    expectError(
      await fx.request('GET', `${FILTER}?sortKey=scannableId&sortBy=sideways`),
      'INVALID_QUERY',
      'sortBy "sideways" must be asc or desc when sortKey names the field ("scannableId")',
      { parameter: 'sortBy', accepted: ['asc', 'desc'] },
    );
  });

  it('refuses two directions and a direction without a field', async () => {
    expectError(
      await fx.request('GET', `${FILTER}?sortKey=asc&sortBy=desc`),
      'INVALID_QUERY',
      'are both directions, so nothing names the field to sort by',
      { parameter: 'sortKey', accepted: expect.any(Array) },
    );
    expectError(
      await fx.request('GET', `${FILTER}?sortBy=desc`),
      'INVALID_QUERY',
      'sortKey is missing: sortBy "desc" gives a direction but no field to sort by',
      { parameter: 'sortKey', accepted: expect.any(Array) },
    );
  });

  it('refuses a select naming no field of a container instead of answering empty objects', async () => {
    await threeBags();
    expectError(
      await fx.request('GET', `${FILTER}?select=nope,state`),
      'INVALID_QUERY',
      /select names "nope", not a field of a container\. Send a comma-separated list of id, containerType, state/,
      { parameter: 'select', accepted: expect.arrayContaining(['state']) },
    );
    expectError(
      await fx.request('GET', `${FILTER}?select=,,`),
      'INVALID_QUERY',
      'select names no field',
      {
        parameter: 'select',
        accepted: expect.any(Array),
      },
    );
  });

  it.each(['limit', 'offset', 'sortKey', 'sortBy', 'select', 'query'])(
    'refuses a repeated %s',
    async (name) => {
      expectError(
        await fx.request('GET', `${FILTER}?${name}=1&${name}=2`),
        'INVALID_QUERY',
        `${name} is given 2 times; give it once`,
        { parameter: name },
      );
    },
  );

  it.each([
    [
      'expr "in" with a value that is not an array',
      leaf({ key: 'state', expr: 'in', value: 'created' }),
      'query.arr[0].value must be an array of the values to match for expr "in"',
      { field: 'query.arr[0].value', rule: 'value' },
    ],
    [
      'expr "nin" without a value',
      leaf({ key: 'state', expr: 'nin' }),
      'query.arr[0].value must be an array of the values to match for expr "nin"',
      { field: 'query.arr[0].value', rule: 'value' },
    ],
    [
      'expr "eq" without a value',
      leaf({ key: 'state', expr: 'eq' }),
      'query.arr[0].value is required for expr "eq"',
      { field: 'query.arr[0].value', rule: 'required' },
    ],
    [
      'expr "gt" with an object',
      leaf({ key: 'createdAt', expr: 'gt', value: { at: 1 } }),
      'query.arr[0].value must be a number or a string for expr "gt"',
      { field: 'query.arr[0].value', rule: 'value' },
    ],
    [
      'expr "exists" with a string',
      leaf({ key: 'parentId', expr: 'exists', value: 'yes' }),
      'query.arr[0].value must be true or false',
      { field: 'query.arr[0].value', rule: 'value' },
    ],
    [
      'an unexpected key in a condition, named instead of a missing "op"',
      leaf({ key: 'state', expr: 'eq', value: 'created', extra: 1 }),
      'query.arr[0].extra is not a key of a condition: a condition takes only "key", "value" and "expr" (a group "op" and "arr"); remove "extra"',
      { field: 'query.arr[0].extra', rule: 'additionalProperties' },
    ],
    [
      'an unexpected key in a nested group',
      queryOf({ op: 'or', arr: [{ op: 'and', arr: [], not: true }] }),
      'query.arr[0].not is not a key of a group',
      { field: 'query.arr[0].not', rule: 'additionalProperties' },
    ],
  ])('refuses a query with %s, naming the field', async (_name, query, message, info) => {
    expectError(await fx.request('GET', `${FILTER}?${query}`), 'INVALID_QUERY', message, {
      parameter: 'query',
      ...info,
    });
  });

  it('still sorts by a path inside attributes, selects fields and filters with in and exists', async () => {
    await threeBags();
    const byWeight = await fx.request('GET', `${FILTER}?sortKey=attributes.weight&sortBy=desc`);
    expect(scannableIds(byWeight)).toEqual(['S-1', 'S-2', 'S-3']);
    const selected = await fx.request(
      'GET',
      `${FILTER}?sortBy=scannableId&sortKey=asc&select=scannableId, state`,
    );
    expect(selected.body.data.containers).toEqual([
      { scannableId: 'S-1', state: 'created' },
      { scannableId: 'S-2', state: 'created' },
      { scannableId: 'S-3', state: 'created' },
    ]);
    const some = await fx.request(
      'GET',
      `${FILTER}?sortKey=scannableId&${queryOf({
        op: 'and',
        arr: [
          { key: 'scannableId', expr: 'in', value: ['S-3', 'S-2'] },
          { key: 'attributes.weight', expr: 'exists' },
          { key: 'attributes.colour', expr: 'exists', value: false },
        ],
      })}`,
    );
    expect(scannableIds(some)).toEqual(['S-2', 'S-3']);
  });
});
