import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** Periodic housekeeping: partitions ahead, retention behind. */
export const MAINTENANCE_QUEUE = 'maintenance';

export const MaintenanceJob = z.object({ task: z.literal('activity-partitions') });
export type MaintenanceJob = z.output<typeof MaintenanceJob>;

/**
 * Daily at 00:30 UTC, and once right away; BullMQ keeps one scheduler per id however many
 * workers call this, so the job runs once per tick, not once per process.
 */
export async function scheduleMaintenance(connection: Redis, prefix: string): Promise<Queue<MaintenanceJob>> {
  const queue = new Queue<MaintenanceJob>(MAINTENANCE_QUEUE, { connection, prefix });
  await queue.upsertJobScheduler(
    'activity-partitions',
    { pattern: '30 0 * * *', tz: 'UTC', immediately: true },
    {
      name: 'activity-partitions',
      data: { task: 'activity-partitions' },
      opts: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: { count: 30 }, removeOnFail: { count: 100 } },
    },
  );
  return queue;
}
