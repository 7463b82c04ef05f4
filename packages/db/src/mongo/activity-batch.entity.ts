import { defineEntity, p } from '@mikro-orm/core';

// Batches whose documents are all written. A batch spans several collections and an unordered
// insertMany is not atomic either, so a reader can see part of a batch; the counter rebuild
// takes only completed batches (their documents are all there), and leaves the others to
// their realtime-events job. Kept a week: a rebuild looks back about a day.
export const ACTIVITY_BATCHES_COLLECTION = 'activity_batches';
const KEPT_SECONDS = 7 * 86_400;

export const ActivityBatchSchema = defineEntity({
  name: ACTIVITY_BATCHES_COLLECTION,
  collection: ACTIVITY_BATCHES_COLLECTION,
  properties: {
    /** activityBatchKey() */
    _id: p.string().primary(),
    organizationId: p.uuid(),
    batchId: p.uuid(),
    completedAt: p.datetime(),
  },
  indexes: [{ properties: 'completedAt', options: { expireAfterSeconds: KEPT_SECONDS } }],
});

export type ActivityBatchDocument = { _id: string; organizationId: string; batchId: string; completedAt: Date };

export function activityBatchKey(organizationId: string, batchId: string): string {
  return `${organizationId}:${batchId}`;
}
