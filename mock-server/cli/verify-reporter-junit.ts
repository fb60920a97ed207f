import type { CaseResult, ReceiverContractReport } from '../../contracts/receiver-suite/report.js';
import type { RunDescription } from './verify-reporter-pretty.js';

/**
 * JUnit XML as CI systems read it: one testsuite, one testcase per case, <failure> for a failed
 * case (type "must" or "should"; only MUST failures fail the run) and <skipped> with the reason.
 * When the receiver never answered, no case could run: each is an <error> (JUnit's "could not
 * run") of type "unreachable" saying why, and the counts say errors, not failures.
 */
export function formatJunit(report: ReceiverContractReport, run: RunDescription): string {
  const seconds = (run.durationMs / 1000).toFixed(3);
  const errors = report.unreachable === undefined ? 0 : report.failed;
  const counts = `tests="${report.cases.length}" failures="${report.failed - errors}" errors="${errors}" skipped="${report.skipped}" time="${seconds}"`;
  const testcase = (result: CaseResult) => formatTestcase(result, report.unreachable);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="os1-mock verify" ${counts}>`,
    `  <testsuite name="${escapeAttribute(`OS1 receiver contract: ${run.url} (${run.scheme})`)}" ${counts}>`,
    ...report.cases.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function formatTestcase(result: CaseResult, unreachable: string | undefined): string {
  const open = `    <testcase classname="os1-mock.verify.${result.level}" name="${escapeAttribute(`${result.level.toUpperCase()} ${result.id}: ${result.title}`)}"`;
  switch (result.status) {
    case 'passed':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${escapeAttribute(result.detail)}"/>\n    </testcase>`;
    case 'failed': {
      if (unreachable !== undefined) {
        return `${open}>\n      <error type="unreachable" message="${escapeAttribute(unreachable)}">${escapeXml(result.detail)}</error>\n    </testcase>`;
      }
      const message = result.level === 'must' ? result.title : `SHOULD (advice): ${result.title}`;
      return `${open}>\n      <failure type="${result.level}" message="${escapeAttribute(message)}">${escapeXml(result.detail)}</failure>\n    </testcase>`;
    }
  }
}

/** Escapes the five XML specials and drops characters XML 1.0 cannot carry at all. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Like escapeXml, and keeps line breaks and tabs, which parsers turn into spaces in attributes. */
export function escapeAttribute(text: string): string {
  return escapeXml(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
