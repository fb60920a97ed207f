import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../mock-server/errors.js';

const DOC = new URL('../../docs/errors.md', import.meta.url);

/** docs/errors.md as the catalogue says it should be. */
function renderDoc(): string {
  const rows = Object.entries(ERRORS).map(
    ([name, entry]) =>
      `| \`${entry.code}\` | ${entry.status} | \`${name}\` | ${entry.description} | ${entry.known ? 'OS1' : 'os1-mock'} |`,
  );
  return [
    '# Error catalogue',
    '',
    "Every error the mock answers with, from `mock-server/errors.ts`. The body is always OS1's envelope:",
    '',
    '```json',
    '{"error": {"code": "<code>", "description": "<what went wrong and how to fix it>",',
    '           "additionalInfo": {"error": "<name>", "...": "details such as field, header or parameter"}},',
    ' "request": {"uri", "method", "queryString", "body"}}',
    '```',
    '',
    'Codes from "OS1" are OS1\'s own (seen in its public documentation); "os1-mock" codes are the',
    "mock's, in OS1's numeric format, starting with 9. This file is checked against the catalogue by",
    '`test/unit/error-catalogue.test.ts`; after changing the catalogue, run',
    '`UPDATE_DOCS=1 npx vitest run test/unit/error-catalogue.test.ts`.',
    '',
    '| code | status | name | meaning | from |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

describe('the error catalogue', () => {
  it('gives every entry a unique numeric code', () => {
    const codes = Object.values(ERRORS).map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^\d{12}$/);
  });

  it('uses only 4xx statuses, except the one 500 kept for bugs, the 503 failure simulation asks for and the 503 of a full callback backlog', () => {
    for (const [name, entry] of Object.entries(ERRORS)) {
      if (name === 'INTERNAL') expect(entry.status).toBe(500);
      else if (name === 'SIMULATED_UNAVAILABLE') expect(entry.status).toBe(503);
      else if (name === 'CALLBACK_BACKLOG_FULL') expect(entry.status).toBe(503);
      else expect(entry.status >= 400 && entry.status < 500, name).toBe(true);
    }
  });

  it('is documented, entry for entry, in docs/errors.md', () => {
    const expected = renderDoc();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, expected);
    expect(readFileSync(DOC, 'utf8')).toBe(expected);
  });
});
