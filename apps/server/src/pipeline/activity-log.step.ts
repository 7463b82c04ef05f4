import type { Queue } from 'bullmq';
import type { ActivityStore } from '../activity-store/activity-store.ts';
import { ActivityLogJob, occurredRange } from '../batch/activity-batch.ts';
import type { BatchAttributor } from '../directory/attribute-batch.ts';
import { rollupEventsOf } from '../rollups/rollup-plan.ts';
import { type BatchAttribution, packAttribution } from './batch-attribution.ts';
import type { EngagementBatchJob, RealtimeEventsJob, RollupBatchJob, StoredBatchJob } from './pipeline-queues.ts';
import { isReportEvent } from './report-tracking.step.ts';

export type HandOnQueues = {
  realtime: Queue<RealtimeEventsJob>;
  analytics: Queue<EngagementBatchJob>;
  reports: Queue<StoredBatchJob>;
  rollups: Queue<RollupBatchJob>;
};

/**
 * What a batch hands on besides its stored rows: when it stored all of its events, where they
 * were attributed in the activity-log job's order (that job holds the events as the sender
 * claimed them); null when it stored only some (the rows then travel themselves).
 */
export type StoredAll = BatchAttribution | null;

/** What realtime-events gets of a batch: no copy of the events when it stored all of them. */
export function realtimeJobOf(batch: StoredBatchJob, storedAll: StoredAll): RealtimeEventsJob {
  const { earliest, latest } = occurredRange(batch.events);
  const job = { batchId: batch.batchId, organizationId: batch.organizationId, earliest: earliest.toISOString(), latest: latest.toISOString() };
  return storedAll ? { ...job, attribution: storedAll } : { ...job, events: batch.events };
}

/**
 * Gives the rows a batch stored to the steps after persistence. The job id is the batch id,
 * so handing on again (this job retried after a crash) adds nothing while the first jobs
 * exist, and each step refuses a batch it already applied once they are gone.
 */
export function createHandOn(queues: HandOnQueues) {
  return async function handOn(batch: StoredBatchJob, storedAll: StoredAll): Promise<void> {
    const job = { jobId: batch.batchId };
    const { batchId, organizationId } = batch;
    const engagement = batch.events.map(({ type, userId, occurredAt }) => ({ type, userId, occurredAt }));
    const reportEvents = batch.events.filter(isReportEvent);
    await Promise.all([
      queues.realtime.add('count', realtimeJobOf(batch, storedAll), job),
      queues.analytics.add('engagement', { batchId, organizationId, events: engagement }, job),
      reportEvents.length > 0 ? queues.reports.add('reports', { batchId, organizationId, events: reportEvents }, job) : null,
      queues.rollups.add('rollup', { batchId, organizationId, events: rollupEventsOf(batch.events) }, job),
    ]);
  };
}

/**
 * `activity-log`: attributes an accepted batch to branches and departments (one directory read
 * per batch, see attribute-batch.ts), stores it (idempotent: a retry stores nothing twice and
 * gets back the rows this batch owns) and hands those rows on. A batch whose events were all
 * duplicates of earlier ones owns no rows and hands on nothing.
 */
export function createActivityLogStep(store: ActivityStore, handOn: (batch: StoredBatchJob, storedAll: StoredAll) => Promise<void>, attribute: BatchAttributor) {
  return async function persistAndHandOn(data: unknown): Promise<{ stored: number }> {
    const batch = await attribute(ActivityLogJob.parse(data));
    const stored = await store.persistBatch(batch);
    // The batch owns as many rows as it has events only when it owns every one of them.
    const storedAll = stored.length === batch.events.length ? packAttribution(batch.events) : null;
    if (stored.length > 0) await handOn({ batchId: batch.batchId, organizationId: batch.organizationId, events: stored }, storedAll);
    return { stored: stored.length };
  };
}
