import type { ReceiverContractReport } from '../../contracts/receiver-suite/report.js';

/**
 * The report exactly as runReceiverContract answers it: {passed, failed, skipped, cases}, led by
 * `unreachable` when the receiver never answered.
 */
export function formatJson(report: ReceiverContractReport): string {
  const { unreachable, passed, failed, skipped, cases } = report;
  return JSON.stringify(
    {
      ...(unreachable === undefined ? {} : { unreachable }),
      passed,
      failed,
      skipped,
      cases: cases.map(({ id, title, level, status, detail }) => ({
        id,
        title,
        level,
        status,
        detail,
      })),
    },
    null,
    2,
  );
}
