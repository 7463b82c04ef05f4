import { defineEntity, p } from '@mikro-orm/core';

export const ACTIVITY_EVENTS_TABLE = 'activity_events';

// Raw activity events. The ingest worker writes this table with plain SQL
// (INSERT ... SELECT FROM json_to_recordset(...) ON CONFLICT DO NOTHING RETURNING id), so the columns
// here are a contract with that statement: change both together.
//
// Partitioning: MikroORM 7.2.1 can declare it (`partitionBy`, PRs #7497/#7816), but for
// `range` it demands a fixed, non-empty list of child partitions and the schema diff compares
// that list with the database. Our children are one per UTC day, created ahead and dropped
// by a maintenance job (see partitions.ts), so any declared list would be wrong within a day
// and the diff would then propose rebuilding the whole table. We therefore do NOT declare
// `partitionBy`: the migration creates the table `PARTITION BY RANGE (occurred_at)` by hand,
// and MikroORM leaves alone the partitioning of a table whose entity does not declare it
// (and never lists the child partitions as tables of their own).
//
// No foreign key to organizations: this is the high-volume table and a per-row FK check is
// a cost the ingest path does not pay; the organization id comes from the ingest key.
export const ActivityEventSchema = defineEntity({
  name: 'ActivityEvent',
  tableName: ACTIVITY_EVENTS_TABLE,
  properties: {
    // MikroORM orders a composite primary key by property order (a `primaryKeys` option is
    // not honoured at runtime in 7.2.1), so the key columns come first, in key order:
    // organization first, so one tenant's recent events are one index range.
    organizationId: p.uuid().primary(),
    occurredAt: p.datetime().primary(),
    id: p.uuid().primary(),
    type: p.text(),
    userId: p.text().nullable(),
    sessionId: p.text().nullable(),
    receivedAt: p.datetime(),
    properties: p.json<Record<string, unknown>>().defaultRaw(`'{}'`),
    batchId: p.uuid(),
    // Where the event belongs (apps/server/src/directory/attribute-batch.ts): checked to be this
    // organization's when stored, null when unknown. No foreign keys, as for the organization.
    branchId: p.uuid().nullable(),
    departmentId: p.uuid().nullable(),
  },
  // The scoped feed of a LEADER / MANAGER (newest events of one branch / department) when the
  // Redis list of recent events cannot answer it; created on the parent, so on every partition.
  indexes: [{ properties: ['organizationId', 'branchId', 'occurredAt'] }, { properties: ['organizationId', 'departmentId', 'occurredAt'] }],
});

export class ActivityEvent extends ActivityEventSchema.class {}
ActivityEventSchema.setClass(ActivityEvent);
