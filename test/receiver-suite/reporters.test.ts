import { describe, expect, it } from 'vitest';
import type { ReceiverContractReport } from '../../contracts/receiver-suite/report.js';
import { formatJson } from '../../mock-server/cli/verify-reporter-json.js';
import { formatJunit } from '../../mock-server/cli/verify-reporter-junit.js';
import { formatPretty } from '../../mock-server/cli/verify-reporter-pretty.js';
import { findAll, parseXml } from './support/xml.js';

const NASTY = 'got HTTP 500 "<html>&nbsp;</html>" \'quoted\' ]]> \u0001bell\u0007 \ud800lone 📦';

const REPORT: ReceiverContractReport = {
  passed: 1,
  failed: 2,
  skipped: 1,
  cases: [
    { id: 'ack.every-event', title: 'acked', level: 'must', status: 'passed', detail: 'all 36 ok' },
    {
      id: 'reject.wrong-secret',
      title: 'rejects <forged> & co',
      level: 'must',
      status: 'failed',
      detail: `21 of 21 were not answered 4xx.\nSent x; ${NASTY}\nLikely bug: none`,
    },
    {
      id: 'ack.duplicate-event-id',
      title: 'idempotent',
      level: 'should',
      status: 'failed',
      detail: 'got 409',
    },
    {
      id: 'timestamp.stale',
      title: 'stale',
      level: 'should',
      status: 'skipped',
      detail: 'applies to --scheme standard-webhooks only; this run uses os1.',
    },
  ],
};

const RUN = {
  url: 'http://127.0.0.1:3000/callbacks?a=1&b=2',
  scheme: 'os1',
  timeoutMs: 10_000,
  durationMs: 412,
};

describe('the JUnit reporter', () => {
  it('writes well-formed XML with one testcase per case, failures and skips marked', () => {
    const root = parseXml(formatJunit(REPORT, RUN));
    expect(root.name).toBe('testsuites');
    const [suite] = findAll(root, 'testsuite');
    expect(suite?.attributes).toMatchObject({
      tests: '4',
      failures: '2',
      skipped: '1',
      errors: '0',
      time: '0.412',
    });
    expect(suite?.attributes.name).toContain('?a=1&b=2');
    const testcases = findAll(root, 'testcase');
    expect(testcases.map((testcase) => testcase.attributes.name)).toEqual([
      'MUST ack.every-event: acked',
      'MUST reject.wrong-secret: rejects <forged> & co',
      'SHOULD ack.duplicate-event-id: idempotent',
      'SHOULD timestamp.stale: stale',
    ]);
    const failures = findAll(root, 'failure');
    expect(failures.map((failure) => failure.attributes.type)).toEqual(['must', 'should']);
    expect(failures[0]?.text).toContain(
      'got HTTP 500 "<html>&nbsp;</html>" \'quoted\' ]]> bell lone 📦',
    );
    expect(failures[1]?.attributes.message).toMatch(/^SHOULD \(advice\)/);
    const [skipped] = findAll(root, 'skipped');
    expect(skipped?.attributes.message).toBe(REPORT.cases[3]?.detail);
  });

  it('keeps line breaks of a detail in attributes', () => {
    const report: ReceiverContractReport = {
      passed: 0,
      failed: 0,
      skipped: 1,
      cases: [
        {
          id: 'timestamp.stale',
          title: 'stale',
          level: 'should',
          status: 'skipped',
          detail: 'line one\nline two',
        },
      ],
    };
    const [skipped] = findAll(parseXml(formatJunit(report, RUN)), 'skipped');
    expect(skipped?.attributes.message).toBe('line one\nline two');
  });
});

describe('the XML reader used to check it', () => {
  it.each([
    ['an unclosed element', '<a><b></a>'],
    ['a raw ampersand', '<a>fish & chips</a>'],
    ['a raw "<" in an attribute', '<a x="1<2"/>'],
    ['two roots', '<a/><b/>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a control character', '<a>\u0001</a>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
  ])('refuses %s', (_what, xml) => {
    expect(() => parseXml(xml)).toThrow(/not well-formed|not allowed/);
  });
});

describe('the JSON reporter', () => {
  it('prints exactly {passed, failed, skipped, cases[{id, title, level, status, detail}]}', () => {
    const printed = JSON.parse(formatJson(REPORT)) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(['passed', 'failed', 'skipped', 'cases']);
    expect(printed).toEqual(REPORT);
    for (const result of printed.cases as Record<string, unknown>[]) {
      expect(Object.keys(result)).toEqual(['id', 'title', 'level', 'status', 'detail']);
    }
  });
});

describe('the pretty reporter', () => {
  it('prints a checklist by level, with details of failures and skips, and no colour codes when told', () => {
    const text = formatPretty(REPORT, RUN, false);
    expect(text).not.toContain('\u001b[');
    expect(text).toMatch(/^MUST .*\n {2}PASS {2}ack\.every-event/m);
    expect(text).toMatch(/FAIL {2}reject\.wrong-secret +rejects <forged> & co\n {8}21 of 21/);
    expect(text).toMatch(/SHOULD[^\n]*\n {2}FAIL {2}ack\.duplicate-event-id/);
    expect(text).toMatch(/SKIP {2}timestamp\.stale +stale\n {8}applies to --scheme/);
    expect(text).toContain('FAIL: 1 MUST case failed.');
    expect(text).toContain('1 passed, 2 failed, 1 skipped in 412 ms.');
  });

  it('colours the marks when asked', () => {
    expect(formatPretty(REPORT, RUN, true)).toContain('\u001b[32mPASS\u001b[0m');
  });
});
