import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** The source documents' rollup queue. */
export const METRICS_AGGREGATION_QUEUE = 'metrics-aggregation';

/** `organizationId`: an ADMIN's manual run, of their organization only (null: every organization). */
const RunJob = { trigger: z.enum(['schedule', 'manual']), from: z.iso.datetime().nullable().default(null), organizationId: z.uuid().nullable().default(null) };
export const MetricsAggregationJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hourly'), ...RunJob }),
  z.object({ kind: z.literal('daily'), ...RunJob }),
  z.object({ kind: z.literal('late') }),
  z.object({ kind: z.literal('retention') }),
]);
export type MetricsAggregationJob = z.input<typeof MetricsAggregationJob>;

/** UTC cron patterns: hourly at :05 (samples of the last hour have arrived), daily at 02:00 as the documents say. */
export const AGGREGATION_SCHEDULES = {
  hourly: { id: 'metrics-hourly', pattern: '5 * * * *' },
  daily: { id: 'metrics-daily', pattern: '0 2 * * *' },
  retention: { id: 'metrics-retention', pattern: '30 2 * * *' },
} as const;

export const AGGREGATION_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { count: 200, age: 7 * 86_400 },
  removeOnFail: { count: 1000, age: 30 * 86_400 },
};

/** Late samples wait this long for more to arrive before their hours are rolled again. */
const LATE_DELAY_MS = 5000;

export function createMetricsAggregationQueue(connection: Redis, prefix: string) {
  const queue = new Queue<MetricsAggregationJob>(METRICS_AGGREGATION_QUEUE, { connection, prefix, defaultJobOptions: AGGREGATION_JOB_OPTIONS });
  return {
    queue,
    /** Registers the periodic jobs (idempotent: every process may call it at start). */
    async schedule(): Promise<void> {
      // One aggregation at a time across all workers: runs would only repeat each other's work.
      await queue.setGlobalConcurrency(1);
      await queue.upsertJobScheduler(AGGREGATION_SCHEDULES.hourly.id, { pattern: AGGREGATION_SCHEDULES.hourly.pattern, tz: 'UTC' }, {
        name: 'hourly',
        data: { kind: 'hourly', trigger: 'schedule', from: null },
      });
      await queue.upsertJobScheduler(AGGREGATION_SCHEDULES.daily.id, { pattern: AGGREGATION_SCHEDULES.daily.pattern, tz: 'UTC' }, {
        name: 'daily',
        data: { kind: 'daily', trigger: 'schedule', from: null },
      });
      await queue.upsertJobScheduler(AGGREGATION_SCHEDULES.retention.id, { pattern: AGGREGATION_SCHEDULES.retention.pattern, tz: 'UTC' }, {
        name: 'retention',
        data: { kind: 'retention' },
      });
    },
    /** Re-roll the hours that got late samples soon; while one such job waits, more are absorbed. */
    async lateSamples(): Promise<void> {
      await queue.add('late', { kind: 'late' }, { delay: LATE_DELAY_MS, deduplication: { id: 'late', keepLastIfActive: true } });
    },
    async trigger(granularity: 'hour' | 'day', from: string | null, organizationId: string | null): Promise<string> {
      const kind = granularity === 'hour' ? 'hourly' : 'daily';
      const job = await queue.add(kind, { kind, trigger: 'manual', from, organizationId });
      return job.id ?? '';
    },
    async nextRuns(): Promise<{ hourly: Date | null; daily: Date | null }> {
      const [hourly, daily] = await Promise.all([queue.getJobScheduler(AGGREGATION_SCHEDULES.hourly.id), queue.getJobScheduler(AGGREGATION_SCHEDULES.daily.id)]);
      const at = (next: number | undefined) => (next ? new Date(next) : null);
      return { hourly: at(hourly?.next), daily: at(daily?.next) };
    },
    close: () => queue.close(),
  };
}

export type MetricsAggregationQueue = ReturnType<typeof createMetricsAggregationQueue>;
