import { ensureActivityPartitions, runSql, sqlStateOf } from '@pulse/db';
import type { EntityManager } from '@pulse/db';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { EVENT_VIEW_COLUMNS, type EventRow, toEventView } from './postgres-event-row.ts';
import { type ActivityLogJob, occurredRange, viewsOfBatch } from '../batch/activity-batch.ts';
import { isRefusedContent } from './refused-content.ts';
import type { BatchRef } from './activity-store.ts';

// The events travel as one JSON parameter, decoded by Postgres into rows: for the client that
// is one native JSON.stringify, where six array parameters cost pg's per-element escaping
// (measured: half the worker's CPU for this statement, the same time in Postgres).
//
// An event id is stored once per organization whatever its time: the id is claimed in
// activity_event_ids (not partitioned, so unique on (organization, id) alone) in the same
// statement, and only events whose id was new here are inserted. An id twice in one batch:
// the first one counts. Both inserts commit or fail together, so a retried batch claims
// nothing twice and finds its rows by batch_id.
const INSERT_BATCH = `
WITH input AS (
  SELECT DISTINCT ON (e.id) e.id, e.type, e."userId", e."sessionId", e."occurredAt", e.properties, e."branchId", e."departmentId"
  FROM ROWS FROM (json_to_recordset($4::json) AS (id uuid, type text, "userId" text, "sessionId" text, "occurredAt" timestamptz, properties jsonb, "branchId" uuid, "departmentId" uuid))
    WITH ORDINALITY AS e(id, type, "userId", "sessionId", "occurredAt", properties, "branchId", "departmentId", n)
  ORDER BY e.id, e.n
), claimed AS (
  INSERT INTO activity_event_ids (organization_id, id, occurred_at)
  SELECT $1::uuid, id, "occurredAt" FROM input
  ON CONFLICT DO NOTHING
  RETURNING id
)
INSERT INTO activity_events (id, organization_id, type, user_id, session_id, occurred_at, received_at, properties, batch_id, branch_id, department_id)
SELECT i.id, $1::uuid, i.type, i."userId", i."sessionId", i."occurredAt", $2::timestamptz, i.properties, $3::uuid, i."branchId", i."departmentId"
FROM input i JOIN claimed c ON c.id = i.id
ON CONFLICT DO NOTHING
RETURNING id`;

/** Rows a batch owns, also those an earlier attempt stored: a retry must still count them once. */
const SELECT_OWN_ROWS = `
SELECT ${EVENT_VIEW_COLUMNS}
FROM activity_events
WHERE organization_id = $1::uuid AND batch_id = $2::uuid AND occurred_at BETWEEN $3::timestamptz AND $4::timestamptz`;

const MISSING_PARTITION = 'no partition of relation';

const RECORD_REJECTED = `
INSERT INTO rejected_events (batch_id, event_id, organization_id, reason, event)
VALUES ($1::uuid, $2, $3::uuid, $4, $5)
ON CONFLICT DO NOTHING`;

type StoredEvent = ActivityLogJob['events'][number];

/** Inserts some events of the batch in one statement; answers how many were new. */
async function insertEvents(em: EntityManager, job: ActivityLogJob, events: StoredEvent[]): Promise<number> {
  const params = [job.organizationId, job.receivedAt, job.batchId, JSON.stringify(events)];
  try {
    return (await runSql<{ id: string }>(em, INSERT_BATCH, params)).length;
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes(MISSING_PARTITION)) throw error;
    // Accepted timestamps are inside the partitioned range by validation; this covers a
    // maintenance job that has not run yet (e.g. just after midnight on a fresh install).
    const { earliest, latest } = occurredRange(events);
    await ensureActivityPartitions(em, earliest, latest);
    return (await runSql<{ id: string }>(em, INSERT_BATCH, params)).length;
  }
}

/**
 * Keeps what the database refused for good, for an operator: the event as JSON text (its
 * escapes keep NUL and lone surrogates readable) and the database's reason. The id is escaped
 * the same way, since it may be what was refused.
 */
async function recordRejected(em: EntityManager, job: ActivityLogJob, event: StoredEvent, error: unknown): Promise<void> {
  const reason = `${sqlStateOf(error) ?? 'unknown'}: ${error instanceof Error ? error.message : String(error)}`;
  await runSql(em, RECORD_REJECTED, [job.batchId, JSON.stringify(event.id).slice(1, -1), job.organizationId, reason, JSON.stringify(event)]);
}

/**
 * The batch failed for its content (isRefusedContent): halves are inserted on their own, a
 * half that fails is split again, and a single event that still fails is recorded in
 * rejected_events. So one bad event costs its neighbours ~2·log2(n) extra statements, never
 * their storage, and the job succeeds instead of being retried into a dead letter that no
 * retry could fix. A retry of the job splits again and finds everything claimed or recorded.
 */
async function insertSplitting(em: EntityManager, job: ActivityLogJob, events: StoredEvent[], error: unknown): Promise<number> {
  const [single] = events;
  if (events.length === 1 && single) {
    await recordRejected(em, job, single, error);
    return 0;
  }
  const middle = Math.ceil(events.length / 2);
  let inserted = 0;
  for (const half of [events.slice(0, middle), events.slice(middle)]) {
    try {
      inserted += await insertEvents(em, job, half);
    } catch (halfError) {
      if (!isRefusedContent(halfError)) throw halfError;
      inserted += await insertSplitting(em, job, half, halfError);
    }
  }
  return inserted;
}

/**
 * Writes a batch in one statement. Duplicates (same organization and id, at any time) are
 * skipped through activity_event_ids; events the database refuses for their content are set
 * aside (insertSplitting). The answer is every row this batch owns, whether this attempt or an
 * earlier one of the same job inserted it, and never a row another batch stored.
 */
export async function persistBatch(em: EntityManager, job: ActivityLogJob): Promise<ActivityEventView[]> {
  let inserted: number;
  try {
    inserted = await insertEvents(em, job, job.events);
  } catch (error) {
    if (!isRefusedContent(error)) throw error;
    inserted = await insertSplitting(em, job, job.events, error);
  }
  // Every row is new (the usual case): the job already holds what was stored, so the rows are
  // not sent back and decoded again (that round trip was the worker's largest single cost).
  if (inserted === job.events.length) return viewsOfBatch(job);
  const { earliest, latest } = occurredRange(job.events);
  return selectOwnEvents(em, { organizationId: job.organizationId, batchId: job.batchId, earliest, latest });
}

export async function selectOwnEvents(em: EntityManager, { organizationId, batchId, earliest, latest }: BatchRef): Promise<ActivityEventView[]> {
  const own = await runSql<EventRow>(em, SELECT_OWN_ROWS, [organizationId, batchId, earliest.toISOString(), latest.toISOString()]);
  return own.map(toEventView);
}
