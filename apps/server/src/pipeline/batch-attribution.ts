import { z } from 'zod';
import type { ActivityEventView } from '@pulse/api-contract/schemas';

/**
 * Where the events of a batch were attributed, for a step that reads them from the activity-log
 * job (which holds what the sender claimed, not what was stored): the distinct (branch,
 * department) pairs and, per event in job order, the index of its pair. A few kB for 1000
 * events, where a copy of the events would be hundreds.
 */
export const BatchAttribution = z.object({
  units: z.array(z.tuple([z.string().nullable(), z.string().nullable()])),
  of: z.array(z.int().min(0)),
});
export type BatchAttribution = z.output<typeof BatchAttribution>;

type Attributed = { branchId?: string | null; departmentId?: string | null };

export function packAttribution(events: readonly Attributed[]): BatchAttribution {
  const index = new Map<string, number>();
  const units: BatchAttribution['units'] = [];
  const of = events.map(({ branchId = null, departmentId = null }) => {
    const key = `${branchId}/${departmentId}`;
    let at = index.get(key);
    if (at === undefined) {
      at = units.push([branchId, departmentId]) - 1;
      index.set(key, at);
    }
    return at;
  });
  return { units, of };
}

/** The views of a job's events with the attribution they were stored with. */
export function withAttribution(views: ActivityEventView[], { units, of }: BatchAttribution): ActivityEventView[] {
  return views.map((view, i) => {
    const [branchId, departmentId] = units[of[i] ?? -1] ?? [null, null];
    return { ...view, branchId, departmentId };
  });
}
