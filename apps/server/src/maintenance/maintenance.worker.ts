import { Worker } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { errorFields, type Logger } from '../log.ts';
import { MAINTENANCE_QUEUE, MaintenanceJob } from './maintenance.queue.ts';
import { maintainActivityPartitions } from './partition-maintenance.ts';

type Dependencies = { orm: MikroORM; connection: Redis; prefix: string; activityRetentionDays: number; log: Logger };

export function startMaintenanceWorker(deps: Dependencies): Worker<MaintenanceJob, { created: number; dropped: number }> {
  const worker = new Worker<MaintenanceJob, { created: number; dropped: number }>(
    MAINTENANCE_QUEUE,
    async (job) => {
      MaintenanceJob.parse(job.data);
      const { created, dropped } = await maintainActivityPartitions(deps.orm, deps.activityRetentionDays);
      if (created.length + dropped.length > 0) deps.log.info('activity partitions maintained', { created: created.length, dropped });
      return { created: created.length, dropped: dropped.length };
    },
    { connection: deps.connection, prefix: deps.prefix },
  );
  worker.on('error', (error) => deps.log.error('maintenance worker error', errorFields(error)));
  return worker;
}
