import type { CaseId } from './catalogue.js';
import { CASES } from './catalogue.js';
import type { CaseResult, ReceiverContractReport } from './report.js';
import type { ReceiverContractOptions } from './run-receiver-contract.js';
import { runReceiverContract } from './run-receiver-contract.js';

export interface ContractExpectation {
  /** Fail on SHOULD cases too. Default false: only MUST failures fail. */
  strict?: boolean;
}

/** Thrown when a receiver breaks the contract; the message lists every failed case. */
export class ReceiverContractError extends Error {
  readonly report: ReceiverContractReport;
  constructor(report: ReceiverContractReport, failures: readonly CaseResult[]) {
    super(
      report.unreachable
        ? `the receiver never answered, so no case of the OS1 receiver contract could be judged: ${report.unreachable}`
        : `the receiver fails ${failures.length} case${failures.length === 1 ? '' : 's'} of the OS1 receiver contract:\n\n${failures
            .map(
              (result) =>
                `${result.level.toUpperCase()} ${result.id}: ${result.title}\n${result.detail}`,
            )
            .join('\n\n')}`,
    );
    this.name = 'ReceiverContractError';
    this.report = report;
  }
}

/**
 * Runs the contract and throws a ReceiverContractError when a MUST case (with `strict`, any case)
 * fails; answers the report otherwise. Works in any test runner.
 */
export async function expectReceiverToPassContract(
  url: string,
  options: Omit<ReceiverContractOptions, 'url'> & ContractExpectation,
): Promise<ReceiverContractReport> {
  const { strict = false, ...contract } = options;
  const report = await runReceiverContract({ ...contract, url });
  const failures = report.cases.filter(
    (result) => result.status === 'failed' && (strict || result.level === 'must'),
  );
  if (failures.length > 0) throw new ReceiverContractError(report, failures);
  return report;
}

/** The parts of vitest (or a runner shaped like it) that describeReceiverContract uses. */
export interface TestRunnerApi {
  describe: (name: string, body: () => void) => void;
  beforeAll: (hook: () => Promise<void>, timeout?: number) => void;
  it: (name: string, test: (context: SkippableContext) => void, timeout?: number) => void;
}

interface SkippableContext {
  skip: (note?: string) => void;
}

/**
 * Registers one test per contract case, so a team's own vitest run shows each case:
 *
 *   import { beforeAll, describe, it } from 'vitest';
 *   describeReceiverContract({ beforeAll, describe, it }, () => ({ url, secret }));
 *
 * `options` is called once, after the file's own beforeAll hooks, so it can read a URL they set.
 * A skipped case, and a failed SHOULD case unless `strict`, shows as skipped with the reason.
 */
export function describeReceiverContract(
  api: TestRunnerApi,
  options: () => ReceiverContractOptions | Promise<ReceiverContractOptions>,
  expectation: ContractExpectation & { title?: string; timeoutMs?: number } = {},
): void {
  const { strict = false, title = 'OS1 receiver contract', timeoutMs = 120_000 } = expectation;
  api.describe(title, () => {
    let report: ReceiverContractReport | undefined;
    api.beforeAll(async () => {
      report = await runReceiverContract(await options());
    }, timeoutMs);
    for (const definition of CASES) {
      api.it(
        `${definition.level.toUpperCase()} ${definition.id}: ${definition.title}`,
        (context) => {
          const result = report?.cases.find(
            (candidate) => candidate.id === (definition.id as CaseId),
          );
          if (!report)
            throw new Error('the receiver contract did not run (see the beforeAll error)');
          if (!result) return context.skip('not selected by options.only');
          if (result.status === 'skipped') return context.skip(result.detail);
          if (result.status === 'failed') {
            if (result.level === 'should' && !strict)
              return context.skip(`SHOULD failed: ${result.detail}`);
            throw new Error(`${result.title}\n${result.detail}`);
          }
        },
      );
    }
  });
}
