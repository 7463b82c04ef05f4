import { ensureActivityPartitions, runSql } from '@pulse/db';
import type { EntityManager } from '@pulse/db';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { EVENT_VIEW_COLUMNS, type EventRow, toEventView } from '../events/event-row.ts';
import type { ActivityLogJob } from './activity-log.queue.ts';

const INSERT_BATCH = `
INSERT INTO activity_events (id, organization_id, type, user_id, session_id, occurred_at, received_at, properties, batch_id)
SELECT e.id, $1::uuid, e.type, e.user_id, e.session_id, e.occurred_at, $2::timestamptz, e.properties, $3::uuid
FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::jsonb[])
  AS e(id, type, user_id, session_id, occurred_at, properties)
ON CONFLICT DO NOTHING
RETURNING ${EVENT_VIEW_COLUMNS}`;

/** Rows this batch stored in an earlier attempt: a retry must still count them once. */
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
  const columns = [
    job.events.map((e) => e.id),
    job.events.map((e) => e.type),
    job.events.map((e) => e.userId),
    job.events.map((e) => e.sessionId),
    job.events.map((e) => e.occurredAt),
    job.events.map((e) => JSON.stringify(e.properties)),
  ];
  const times = job.events.map((e) => Date.parse(e.occurredAt));
  const earliest = new Date(Math.min(...times));
  const latest = new Date(Math.max(...times));
  const params = [job.organizationId, job.receivedAt, job.batchId, ...columns];
  let inserted: EventRow[];
  try {
    inserted = await runSql<EventRow>(em, INSERT_BATCH, params);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes(MISSING_PARTITION)) throw error;
    // Accepted timestamps are inside the partitioned range by validation; this covers a
    // maintenance job that has not run yet (e.g. just after midnight on a fresh install).
    await ensureActivityPartitions(em, earliest, latest);
    inserted = await runSql<EventRow>(em, INSERT_BATCH, params);
  }
  if (inserted.length === job.events.length) return inserted.map(toEventView);

  const own = await runSql<EventRow>(em, SELECT_OWN_ROWS, [job.organizationId, job.batchId, earliest.toISOString(), latest.toISOString()]);
  return own.map(toEventView);
}
