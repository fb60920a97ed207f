import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERIFY_HELP } from '../../mock-server/cli/verify.js';
import { renderCaseTable, TABLE_END, TABLE_START } from './support/case-table.js';

const DOCS = readFileSync(join(import.meta.dirname, '../../docs/verify.md'), 'utf8');

describe('docs/verify.md', () => {
  it('holds the case table of the catalogue, word for word', () => {
    const start = DOCS.indexOf(TABLE_START);
    const end = DOCS.indexOf(TABLE_END);
    expect(start, `docs/verify.md needs the line ${TABLE_START}`).toBeGreaterThanOrEqual(0);
    const table = DOCS.slice(start + TABLE_START.length, end).trim();
    // On a mismatch, paste the expected table from the diff between the markers.
    expect(table).toBe(renderCaseTable());
  });

  it('explains every option of the command', () => {
    const options = [...new Set(VERIFY_HELP.match(/--[a-z-]+/g))];
    expect(options.length).toBeGreaterThan(5);
    for (const option of options) {
      if (option === '--help') continue;
      expect(DOCS, option).toContain(`\`${option}`);
    }
  });
});
