// Helpers for the server's own tests that reach into the pipeline; the shared test kit
// (startTestPulse, private servers, Pulse as processes) is in ../testing.
import type { TestPulse } from '../testing/start-test-pulse.ts';
import { createLogger } from '../src/log.ts';
import { createBatchAttributor } from '../src/directory/attribute-batch.ts';
import { createOrgUnitsCache } from '../src/directory/org-units.ts';
import { createActivityLogStep, realtimeJobOf } from '../src/pipeline/activity-log.step.ts';
import type { ActivityLogJob } from '../src/batch/activity-batch.ts';
import { createActivityLogQueue } from '../src/pipeline/pipeline-queues.ts';
import { createRealtimeEventsStep } from '../src/pipeline/realtime-events.step.ts';
import { startPipeline } from '../src/pipeline/start-pipeline.ts';

/**
 * The pipeline's workers for a test Pulse started in the api role, so a test decides when
 * queued batches are processed. Stop them with the returned function.
 */
export function startTestWorker(t: TestPulse, concurrency = 1): () => Promise<void> {
  const pipeline = startPipeline({
    orm: t.pulse.orm,
    store: t.pulse.store,
    redisUrl: t.settings.REDIS_URL,
    prefix: t.settings.REDIS_PREFIX,
    concurrency,
    lockDurationMs: t.settings.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: t.settings.WORKER_STALLED_INTERVAL_MS,
    log: createLogger('error'),
  });
  return () => pipeline.stop();
}

/**
 * The activity-log step and the realtime-events step it hands on to, run in this process one
 * after the other as their workers would: a test can run a job twice, or after a crash. No
 * activity-log job exists in Redis, so the count reads the events back from the store (the
 * path of a job whose activity-log job was already trimmed).
 */
export function inlinePipeline(t: TestPulse) {
  return async function run(job: ActivityLogJob): Promise<{ stored: number; deltaId: string | null }> {
    const activityLog = createActivityLogQueue(t.redis, t.settings.REDIS_PREFIX);
    const count = createRealtimeEventsStep({ counters: t.redis, prefix: t.settings.REDIS_PREFIX, log: createLogger('error'), activityLog, store: t.pulse.store });
    let deltaId: string | null = null;
    const attribute = createBatchAttributor(t.pulse.orm, createOrgUnitsCache(t.pulse.orm));
    const persist = createActivityLogStep(
      t.pulse.store,
      async (batch, storedAll) => {
        ({ deltaId } = await count(realtimeJobOf(batch, storedAll)));
      },
      attribute,
    );
    try {
      const { stored } = await persist(job);
      return { stored, deltaId };
    } finally {
      await activityLog.close();
    }
  };
}
