import type { Job } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import { forgetOldAuditEntries } from '../audit/audit-retention.ts';
import { forgetEndedSessions } from '../auth/session-rows.ts';
import type { Logger } from '../log.ts';
import { forgetOldClaims } from '../pipeline/apply-once.ts';
import { pruneMinuteRollups } from '../rollups/backfill.ts';
import { MaintenanceJob } from './maintenance.queue.ts';
import { forgetExpiredEventIds, maintainActivityPartitions } from './partition-maintenance.ts';

type MaintenanceResult = {
  created: number;
  dropped: number;
  claimsForgotten: number;
  auditEntriesForgotten: number;
  eventIdsForgotten: number;
  rejectedForgotten: number;
  sessionsForgotten: number;
  minuteRollupsForgotten: number;
};
type Dependencies = { orm: MikroORM; activityRetentionDays: number; auditRetentionDays: number; log: Logger };

/**
 * The maintenance queue's daily job: activity partitions ahead and behind, old batch claims, old
 * audit entries, event ids and refused events past the activity retention, ended sessions,
 * minute rollups older than widgets read them.
 */
export function createMaintenanceProcessor(deps: Dependencies): (job: Job<unknown, unknown>) => Promise<MaintenanceResult> {
  return async (job) => {
    MaintenanceJob.parse(job.data);
    const { created, dropped } = await maintainActivityPartitions(deps.orm, deps.activityRetentionDays);
    if (created.length + dropped.length > 0) deps.log.info('activity partitions maintained', { created: created.length, dropped });
    const claimsForgotten = await forgetOldClaims(deps.orm);
    const auditEntriesForgotten = await forgetOldAuditEntries(deps.orm, deps.auditRetentionDays);
    const forgotten = await forgetExpiredEventIds(deps.orm, deps.activityRetentionDays);
    const sessionsForgotten = await forgetEndedSessions(deps.orm.em.fork());
    const minuteRollupsForgotten = await pruneMinuteRollups(deps.orm);
    return {
      created: created.length,
      dropped: dropped.length,
      claimsForgotten,
      auditEntriesForgotten,
      eventIdsForgotten: forgotten.ids,
      rejectedForgotten: forgotten.rejected,
      sessionsForgotten,
      minuteRollupsForgotten,
    };
  };
}
