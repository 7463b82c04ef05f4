import { defineEntity, p } from '@mikro-orm/core';

// Every event id an organization sent, once: the deduplication key of activity events.
// `activity_events` is partitioned by day and Postgres puts the partition key into every
// unique constraint, so its primary key (organization, occurredAt, id) lets one id be stored
// twice under two times (a resend without occurredAt, a retry that stamps its own time). This
// table has no partitions, so (organization, id) is unique whatever the time. The ingest
// worker inserts here and into activity_events in one statement; only ids new here go on.
// Rows are deleted with their events' day partition (same retention, by occurredAt).
export const ActivityEventIdSchema = defineEntity({
  name: 'ActivityEventId',
  tableName: 'activity_event_ids',
  properties: {
    organizationId: p.uuid().primary(),
    id: p.uuid().primary(),
    /** The stored event's time: the row goes when that day's partition is dropped. */
    occurredAt: p.datetime(),
  },
  // BRIN: ids arrive roughly in time order, and the only use is the daily retention delete;
  // a btree here would cost every insert another index page.
  indexes: [{ properties: ['occurredAt'], type: 'brin' }],
});

export class ActivityEventId extends ActivityEventIdSchema.class {}
ActivityEventIdSchema.setClass(ActivityEventId);
