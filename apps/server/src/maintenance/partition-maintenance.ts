import { dropActivityPartitionsBefore, ensureActivityPartitions, type MikroORM, runSql } from '@pulse/db';

const DAY_MS = 86_400_000;
/** A week ahead: a worker fleet that is down for days still finds partitions when it returns. */
export const PARTITION_DAYS_AHEAD = 7;

/**
 * Creates the daily activity partitions from yesterday to a week ahead and drops those whose
 * whole day is older than the retention. Dropping a partition is instant, unlike DELETE.
 */
export async function maintainActivityPartitions(orm: MikroORM, retentionDays: number, now = new Date()) {
  const em = orm.em.fork();
  const created = await ensureActivityPartitions(em, new Date(now.getTime() - DAY_MS), new Date(now.getTime() + PARTITION_DAYS_AHEAD * DAY_MS));
  const dropped = await dropActivityPartitionsBefore(em, new Date(now.getTime() - retentionDays * DAY_MS));
  return { created, dropped };
}

/** Rows deleted per statement, so the daily clean-up never holds long locks. */
const DELETE_CHUNK = 10_000;

/**
 * Forgets the event ids (activity_event_ids) of days whose partition retention drops, so the
 * deduplication window is exactly the time raw events are kept, and refused events
 * (rejected_events) after the same retention. Deletes in chunks.
 */
export async function forgetExpiredEventIds(orm: MikroORM, retentionDays: number, now = new Date()): Promise<{ ids: number; rejected: number }> {
  const em = orm.em.fork();
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  // The oldest day whose partition is kept starts here (dropActivityPartitionsBefore drops whole days before it).
  const oldestKeptDay = new Date(Math.floor(cutoff / DAY_MS) * DAY_MS).toISOString();
  const deleteChunked = async (sql: string, at: string) => {
    let total = 0;
    for (;;) {
      const deleted = await runSql(em, sql, [at, DELETE_CHUNK]);
      total += deleted.length;
      if (deleted.length < DELETE_CHUNK) return total;
    }
  };
  const ids = await deleteChunked(
    `DELETE FROM activity_event_ids WHERE ctid = ANY(ARRAY(SELECT ctid FROM activity_event_ids WHERE occurred_at < $1::timestamptz LIMIT $2)) RETURNING 1`,
    oldestKeptDay,
  );
  const rejected = await deleteChunked(
    `DELETE FROM rejected_events WHERE ctid = ANY(ARRAY(SELECT ctid FROM rejected_events WHERE rejected_at < $1::timestamptz LIMIT $2)) RETURNING 1`,
    new Date(cutoff).toISOString(),
  );
  return { ids, rejected };
}
