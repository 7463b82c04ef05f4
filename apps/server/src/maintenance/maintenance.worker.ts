import { Worker } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { forgetOldAuditEntries } from '../audit/audit-retention.ts';
import { errorFields, type Logger } from '../log.ts';
import { forgetOldClaims } from '../pipeline/apply-once.ts';
import { pruneMinuteRollups } from '../rollups/backfill.ts';
import { MAINTENANCE_QUEUE, MaintenanceJob } from './maintenance.queue.ts';
import { maintainActivityPartitions } from './partition-maintenance.ts';

type MaintenanceResult = { created: number; dropped: number; claimsForgotten: number; auditEntriesForgotten: number; minuteRollupsForgotten: number };
type Dependencies = { orm: MikroORM; connection: Redis; prefix: string; activityRetentionDays: number; auditRetentionDays: number; log: Logger };

export function startMaintenanceWorker(deps: Dependencies): Worker<MaintenanceJob, MaintenanceResult> {
  const worker = new Worker<MaintenanceJob, MaintenanceResult>(
    MAINTENANCE_QUEUE,
    async (job) => {
      MaintenanceJob.parse(job.data);
      const { created, dropped } = await maintainActivityPartitions(deps.orm, deps.activityRetentionDays);
      if (created.length + dropped.length > 0) deps.log.info('activity partitions maintained', { created: created.length, dropped });
      const claimsForgotten = await forgetOldClaims(deps.orm);
      const auditEntriesForgotten = await forgetOldAuditEntries(deps.orm, deps.auditRetentionDays);
      const minuteRollupsForgotten = await pruneMinuteRollups(deps.orm);
      return { created: created.length, dropped: dropped.length, claimsForgotten, auditEntriesForgotten, minuteRollupsForgotten };
    },
    { connection: deps.connection, prefix: deps.prefix },
  );
  worker.on('error', (error) => deps.log.error('maintenance worker error', errorFields(error)));
  return worker;
}
