import type { MikroORM } from '@pulse/db';
import type { AlertEvaluationQueue } from '../alerts/alert-evaluation.queue.ts';
import { createCounterWatch } from '../alerts/alert-evaluation.worker.ts';
import { errorFields, type Logger } from '../log.ts';
import type { OnStored } from '../metrics/metric-recorder.ts';
import type { MetricsAggregationQueue } from '../metrics/metrics-aggregation.queue.ts';

/**
 * Who asks for an alert evaluation, all in one place. Every trigger only adds a job to the
 * `alert-evaluation` queue (deduplicated per rule or organization); the worker role evaluates.
 *
 * | trigger                                            | evaluates                                   | runs in                          |
 * |----------------------------------------------------|---------------------------------------------|----------------------------------|
 * | metric samples stored (metrics.record, /api/metrics)| the rules watching those metrics            | every role (the metric recorder) |
 * | an organization's live counters moved              | that organization's counter rules, if any   | worker (realtime-events step)    |
 * | the tick, every ALERT_EVALUATION_INTERVAL_MS        | every enabled rule                          | worker (a BullMQ job scheduler)  |
 */

/** New metric samples: the rules watching them, and a re-roll of hours already rolled up. */
export function afterSamplesStored(queues: { evaluation: AlertEvaluationQueue; aggregation: MetricsAggregationQueue }, log: Logger): OnStored {
  return async (_organizationId, result) => {
    try {
      await queues.evaluation.rules(result.ruleIds);
      if (result.lateHours > 0) await queues.aggregation.lateSamples();
    } catch (error) {
      // The samples are stored; the next tick and the next hourly run catch up.
      log.warn('could not queue the evaluation or rollup after new samples', errorFields(error));
    }
  };
}

/**
 * Live counters moved (called by the realtime-events step after each counted batch): only
 * organizations with an enabled counter rule queue an evaluation, so ingest pays nothing for
 * the others.
 */
export function afterCountersMoved(orm: MikroORM, evaluation: AlertEvaluationQueue): (organizationId: string) => Promise<void> {
  const watch = createCounterWatch(orm);
  return async (organizationId) => {
    if (await watch.has(organizationId)) await evaluation.counters(organizationId);
  };
}

/** The tick: every rule, whatever changed (idempotent, so every worker process may register it). */
export function scheduleEvaluationTick(evaluation: AlertEvaluationQueue, intervalMs: number): Promise<void> {
  return evaluation.schedule(intervalMs);
}
