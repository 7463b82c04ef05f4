import type { MikroORM } from '@pulse/db';
import { metricPartitions, runSql } from '@pulse/db';
import { DAY_MS } from './rollup.ts';

export type RetentionSettings = {
  rawDays: number;
  hourlyDays: number;
  dailyDays: number;
  /** Resolved alerts, notifications and their delivery logs (the documents' 90-day notification logs). */
  historyDays: number;
};

/** Days of metric partitions kept ready ahead of today. */
const PARTITION_DAYS_AHEAD = 2;

/**
 * The daily maintenance of what this area stores: metric partitions made ahead and dropped after
 * the raw retention, rollups and history deleted after theirs. Each step is idempotent.
 */
export async function applyRetention(orm: MikroORM, settings: RetentionSettings, now = new Date()): Promise<Record<string, number>> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const deleted = async (sql: string, days: number) => (await runSql(orm.em.fork(), sql, [ago(days)])).length;
  const created = await metricPartitions.ensure(orm.em.fork(), now, new Date(now.getTime() + PARTITION_DAYS_AHEAD * DAY_MS));
  const dropped = await metricPartitions.dropBefore(orm.em.fork(), new Date(now.getTime() - settings.rawDays * DAY_MS));
  return {
    partitionsCreated: created.length,
    partitionsDropped: dropped.length,
    hourlyRollups: await deleted(`DELETE FROM metric_rollups WHERE granularity = 'hour' AND bucket_start < $1 RETURNING 1`, settings.hourlyDays),
    dailyRollups: await deleted(`DELETE FROM metric_rollups WHERE granularity = 'day' AND bucket_start < $1 RETURNING 1`, settings.dailyDays),
    runs: await deleted(`DELETE FROM metric_aggregation_runs WHERE started_at < $1 RETURNING 1`, settings.hourlyDays),
    alerts: await deleted(`DELETE FROM alerts WHERE status = 'resolved' AND resolved_at < $1 RETURNING 1`, settings.historyDays),
    notifications: await deleted(`DELETE FROM notifications WHERE created_at < $1 RETURNING 1`, settings.historyDays),
    deliveryLogs: await deleted(`DELETE FROM notification_delivery_logs WHERE created_at < $1 RETURNING 1`, settings.historyDays),
  };
}
