import type { BatchRecord } from './store.js';

/** The data of a batch callback: {id, meta, errors, success}, as OS1's spec shows. */
export function batchCallbackData(batch: BatchRecord) {
  const failed = batch.errors.length;
  const succeeded = batch.success.length;
  return {
    id: batch.id,
    meta: {
      status: failed === 0 ? 'success' : succeeded === 0 ? 'failed' : 'partial',
      success: succeeded,
      failed,
      total: batch.total,
    },
    errors: batch.errors,
    success: batch.success,
  };
}

/** A batch that failed as a whole before any record was processed (an injected failure). */
export function markBatchFailed(batch: BatchRecord, reason: string, now: number): void {
  batch.status = 'failed';
  batch.reason = reason;
  batch.updatedAt = now;
}
