import { runSql } from '@pulse/db';
import type { MikroORM } from '@pulse/db';
import type { ActivityLogJob } from '../batch/activity-batch.ts';
import { type Attribution, attributionOf, type OrgUnitsCache } from './org-units.ts';

const ENTRIES = `
SELECT user_id, branch_id, department_id FROM person_directory
WHERE organization_id = $1::uuid AND user_id = ANY($2::text[])`;

const UNKNOWN: Attribution = { branchId: null, departmentId: null };

/**
 * Decides where every event of a batch belongs, once per batch in the activity-log step (at
 * most one query, for the directory entries of the batch's unattributed users; the units come
 * from the cache):
 * 1. the event's own branchId / departmentId, when they name this organization's units;
 * 2. else the directory entry of its userId, checked the same way (a unit deleted since);
 * 3. else unknown (null): only the organization scope (OWNER, ADMIN) sees the event.
 * The answer is the job with every event's fields set, which is what the stores keep.
 */
export function createBatchAttributor(orm: MikroORM, unitsOf: OrgUnitsCache) {
  return async function attributeBatch(job: ActivityLogJob): Promise<ActivityLogJob> {
    const named = new Set<string>();
    for (const event of job.events) {
      if (event.branchId) named.add(event.branchId);
      if (event.departmentId) named.add(event.departmentId);
    }
    const units = await unitsOf(job.organizationId, named);
    // No unit, nothing to attribute: spare the directory read (most organizations at first).
    if (units.branches.size === 0 && units.departments.size === 0) return { ...job, events: job.events.map((event) => ({ ...event, ...UNKNOWN })) };

    const own = job.events.map((event) => attributionOf(units, event));
    const lookup = [...new Set(job.events.flatMap((event, i) => (own[i] === null && event.userId ? [event.userId] : [])))];
    const directory = new Map<string, Attribution>();
    if (lookup.length > 0) {
      const rows = await runSql<{ user_id: string; branch_id: string | null; department_id: string | null }>(orm.em.fork(), ENTRIES, [job.organizationId, lookup]);
      for (const row of rows) {
        const attribution = attributionOf(units, { branchId: row.branch_id, departmentId: row.department_id });
        if (attribution) directory.set(row.user_id, attribution);
      }
    }
    const events = job.events.map((event, i) => ({ ...event, ...(own[i] ?? (event.userId ? directory.get(event.userId) : undefined) ?? UNKNOWN) }));
    return { ...job, events };
  };
}

export type BatchAttributor = ReturnType<typeof createBatchAttributor>;
