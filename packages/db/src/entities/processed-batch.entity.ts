import { defineEntity, p } from '@mikro-orm/core';

// Which pipeline step already applied which batch. A step that adds to totals (engagement,
// report views) claims its batch here in the same transaction as its writes, so a job run
// twice (retry, stalled worker, handed on again) adds once. Trimmed after the dead letters
// it could protect against are gone (see partition-maintenance).
export const ProcessedBatchSchema = defineEntity({
  name: 'ProcessedBatch',
  tableName: 'processed_batches',
  properties: {
    queue: p.text().primary(),
    batchId: p.uuid().primary(),
    processedAt: p.datetime().defaultRaw('now()').index(),
  },
});

export class ProcessedBatch extends ProcessedBatchSchema.class {}
ProcessedBatchSchema.setClass(ProcessedBatch);
