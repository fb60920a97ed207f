import type { ReceiverContractReport } from '../../contracts/receiver-suite/report.js';

/** The report exactly as runReceiverContract answers it: {passed, failed, skipped, cases}. */
export function formatJson(report: ReceiverContractReport): string {
  const { passed, failed, skipped, cases } = report;
  return JSON.stringify(
    {
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
