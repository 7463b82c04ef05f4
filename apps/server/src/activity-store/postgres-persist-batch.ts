import { ensureActivityPartitions, runSql } from '@pulse/db';
import type { EntityManager } from '@pulse/db';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { EVENT_VIEW_COLUMNS, type EventRow, toEventView } from './postgres-event-row.ts';
import { type ActivityLogJob, occurredRange, viewsOfBatch } from '../batch/activity-batch.ts';
import type { BatchRef } from './activity-store.ts';

// The events travel as one JSON parameter, decoded by Postgres into rows: for the client that
// is one native JSON.stringify, where six array parameters cost pg's per-element escaping
// (measured: half the worker's CPU for this statement, the same time in Postgres).
const INSERT_BATCH = `
INSERT INTO activity_events (id, organization_id, type, user_id, session_id, occurred_at, received_at, properties, batch_id)
SELECT e.id, $1::uuid, e.type, e."userId", e."sessionId", e."occurredAt", $2::timestamptz, e.properties, $3::uuid
FROM json_to_recordset($4::json)
  AS e(id uuid, type text, "userId" text, "sessionId" text, "occurredAt" timestamptz, properties jsonb)
ON CONFLICT DO NOTHING
RETURNING id`;

/** Rows a batch owns, also those an earlier attempt stored: a retry must still count them once. */
const SELECT_OWN_ROWS = `
SELECT ${EVENT_VIEW_COLUMNS}
FROM activity_events
WHERE organization_id = $1::uuid AND batch_id = $2::uuid AND occurred_at BETWEEN $3::timestamptz AND $4::timestamptz`;

const MISSING_PARTITION = 'no partition of relation';


/**
 * Writes a batch in one statement. Duplicates (same organization, occurredAt and id) are
 * skipped by the primary key; the answer is every row this batch owns, whether this attempt
 * or an earlier one of the same job inserted it, and never a row another batch stored.
 */
export async function persistBatch(em: EntityManager, job: ActivityLogJob): Promise<ActivityEventView[]> {
  const { earliest, latest } = occurredRange(job.events);
  const params = [job.organizationId, job.receivedAt, job.batchId, JSON.stringify(job.events)];
  let inserted: { id: string }[];
  try {
    inserted = await runSql<{ id: string }>(em, INSERT_BATCH, params);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes(MISSING_PARTITION)) throw error;
    // Accepted timestamps are inside the partitioned range by validation; this covers a
    // maintenance job that has not run yet (e.g. just after midnight on a fresh install).
    await ensureActivityPartitions(em, earliest, latest);
    inserted = await runSql<{ id: string }>(em, INSERT_BATCH, params);
  }
  // Every row is new (the usual case): the job already holds what was stored, so the rows are
  // not sent back and decoded again (that round trip was the worker's largest single cost).
  if (inserted.length === job.events.length) return viewsOfBatch(job);
  return selectOwnEvents(em, { organizationId: job.organizationId, batchId: job.batchId, earliest, latest });
}

export async function selectOwnEvents(em: EntityManager, { organizationId, batchId, earliest, latest }: BatchRef): Promise<ActivityEventView[]> {
  const own = await runSql<EventRow>(em, SELECT_OWN_ROWS, [organizationId, batchId, earliest.toISOString(), latest.toISOString()]);
  return own.map(toEventView);
}
