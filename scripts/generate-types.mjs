#!/usr/bin/env node
// Derives mock-server/generated/contracts.ts from the JSON Schemas in contracts/schemas.
// `node scripts/generate-types.mjs` writes the file; `--check` exits 1 when it is stale.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = join(root, 'contracts', 'schemas');
const outFile = join(root, 'mock-server', 'generated', 'contracts.ts');

const BANNER = `/* eslint-disable */
// Generated from contracts/schemas by scripts/generate-types.mjs. Do not edit:
// change the schema, then run \`npm run generate:types\`.`;

export async function generateTypes() {
  const files = readdirSync(schemaDir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const properties = {};
  for (const file of files) {
    const schema = JSON.parse(readFileSync(join(schemaDir, file), 'utf8'));
    if (schema.title) properties[schema.title] = { $ref: file };
  }
  const combined = {
    title: 'Contracts',
    description: 'Every contract by its title (an index type; use the named types).',
    type: 'object',
    properties,
    additionalProperties: false,
  };
  return compile(combined, 'Contracts', {
    cwd: schemaDir,
    bannerComment: BANNER,
    additionalProperties: true,
    unreachableDefinitions: false,
    strictIndexSignatures: false,
    style: { singleQuote: true, printWidth: 100 },
  });
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const output = await generateTypes();
  if (process.argv.includes('--check')) {
    const current = readFileSync(outFile, 'utf8');
    if (current !== output) {
      console.error(
        'mock-server/generated/contracts.ts is out of date with contracts/schemas.\nRun `npm run generate:types` and commit the result.',
      );
      process.exit(1);
    }
    console.log('generated types are up to date');
  } else {
    writeFileSync(outFile, output);
    console.log(`wrote ${outFile}`);
  }
}
