import { CASES } from '../../../contracts/receiver-suite/catalogue.js';

export const TABLE_START =
  '<!-- case-table:start (checked against contracts/receiver-suite/catalogue.ts by test/receiver-suite/docs.test.ts) -->';
export const TABLE_END = '<!-- case-table:end -->';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The Markdown table of cases that docs/verify.md must hold, built from the catalogue. */
export function renderCaseTable(): string {
  return [
    '| Case | Level | What it checks | Likely bug when it fails |',
    '| --- | --- | --- | --- |',
    ...CASES.map((definition) => {
      const schemes =
        'schemes' in definition ? ` Only for --scheme ${definition.schemes.join(', ')}.` : '';
      return `| \`${definition.id}\` | ${definition.level.toUpperCase()} | ${cell(definition.checks + schemes)} | ${cell(definition.likelyBug)} |`;
    }),
  ].join('\n');
}
