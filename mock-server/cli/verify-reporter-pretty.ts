import type { CaseResult, ReceiverContractReport } from '../../contracts/receiver-suite/report.js';
import { meetsContract } from '../../contracts/receiver-suite/report.js';

export interface RunDescription {
  url: string;
  scheme: string;
  timeoutMs: number;
  durationMs: number;
}

const STYLES = { green: 32, red: 31, yellow: 33, dim: 2, bold: 1 } as const;
type Style = keyof typeof STYLES;

/** A checklist a person reads: MUST cases, then SHOULD cases, failures with their details. */
export function formatPretty(
  report: ReceiverContractReport,
  run: RunDescription,
  colour: boolean,
): string {
  const paint = (style: Style, text: string) =>
    colour ? `\u001b[${STYLES[style]}m${text}\u001b[0m` : text;
  const width = Math.max(0, ...report.cases.map((result) => result.id.length));
  const line = (result: CaseResult): string[] => {
    const mark =
      result.status === 'passed'
        ? paint('green', 'PASS')
        : result.status === 'failed'
          ? paint('red', 'FAIL')
          : paint('yellow', 'SKIP');
    const head = `  ${mark}  ${result.id.padEnd(width)}  ${result.title}`;
    // When the receiver never answered, the first line says why once; each case would repeat it.
    if (result.status === 'passed' || (result.status === 'failed' && report.unreachable)) {
      return [head];
    }
    const detail = result.detail.split('\n').map((text) => `        ${text}`);
    return [
      head,
      ...(result.status === 'skipped' ? detail.map((text) => paint('dim', text)) : detail),
    ];
  };
  const section = (level: 'must' | 'should', heading: string): string[] => {
    const results = report.cases.filter((result) => result.level === level);
    return results.length === 0 ? [] : [paint('bold', heading), ...results.flatMap(line), ''];
  };
  const failedMust = report.cases.filter((r) => r.level === 'must' && r.status === 'failed').length;
  const failedShould = report.cases.filter(
    (r) => r.level === 'should' && r.status === 'failed',
  ).length;
  const verdict = report.unreachable
    ? paint('red', 'FAIL: the receiver never answered, so no case could be judged.')
    : meetsContract(report)
      ? paint(
          'green',
          failedShould === 0
            ? 'PASS: every MUST case passed.'
            : `PASS: every MUST case passed; ${failedShould} SHOULD case${failedShould === 1 ? '' : 's'} failed (advice, not failing the run).`,
        )
      : paint('red', `FAIL: ${failedMust} MUST case${failedMust === 1 ? '' : 's'} failed.`);
  return [
    `os1-mock verify ${run.url} (scheme ${run.scheme}, ${run.timeoutMs} ms per answer)`,
    '',
    ...(report.unreachable ? [paint('red', `ERROR: ${report.unreachable}`), ''] : []),
    ...section('must', 'MUST (any failure fails the run)'),
    ...section('should', 'SHOULD (advice)'),
    verdict,
    `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped in ${run.durationMs} ms.`,
  ].join('\n');
}
