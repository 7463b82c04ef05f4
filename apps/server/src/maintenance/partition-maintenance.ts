import { dropActivityPartitionsBefore, ensureActivityPartitions, type MikroORM } from '@pulse/db';

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
