import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ALL_SCHEMAS } from '../../mock-server/validation/schemas.js';

// The mock's validator skips the meta-schema check when it adds its schemas (it costs start-up
// time on every run); this test does that check instead, once, for every file in contracts/schemas.
const directory = new URL('../../contracts/schemas/', import.meta.url);
const files = readdirSync(directory).filter((name) => name.endsWith('.json'));

describe('the contract schemas', () => {
  const ajv = new Ajv2020.default({ allowUnionTypes: true, discriminator: true });

  it.each(files)('%s is a valid JSON Schema (draft 2020-12)', (file) => {
    const schema = JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as object;
    const valid = ajv.validateSchema(schema);
    expect(ajv.errorsText(ajv.errors)).toBe('No errors');
    expect(valid).toBe(true);
  });

  it('are all loaded by the validator', () => {
    expect(ALL_SCHEMAS.map((schema) => `${schema.$id}`).sort()).toEqual([...files].sort());
  });

  it('would catch a schema the meta-schema rejects', () => {
    expect(ajv.validateSchema({ type: 'object', properties: { id: { type: 'text' } } })).toBe(
      false,
    );
  });
});
