import type { CaseLevel } from './catalogue.js';

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  id: string;
  title: string;
  level: CaseLevel;
  status: CaseStatus;
  /** Passed: what was shown. Failed: what was sent, what came back, the likely bug. Skipped: why. */
  detail: string;
}

/** What `runReceiverContract` answers and `os1-mock verify --reporter json` prints. */
export interface ReceiverContractReport {
  /**
   * Present when no request of the run got an answer (nothing listening, a wrong host, TLS on one
   * side only): why, in one sentence. Every case that ran is then failed, none could be judged.
   */
  unreachable?: string;
  passed: number;
  failed: number;
  skipped: number;
  cases: CaseResult[];
}

/** True when no MUST case failed: the receiver meets the contract (SHOULD failures are advice). */
export const meetsContract = (report: ReceiverContractReport): boolean =>
  !report.cases.some((result) => result.level === 'must' && result.status === 'failed');

export function summarise(cases: CaseResult[]): ReceiverContractReport {
  const count = (status: CaseStatus) => cases.filter((result) => result.status === status).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), cases };
}
