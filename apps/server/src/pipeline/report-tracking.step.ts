import { runSql } from '@pulse/db';
import type { MikroORM } from '@pulse/db';
import { builtInEventProperties, type ActivityEventView } from '@pulse/api-contract/schemas';
import { applyOnce } from './apply-once.ts';
import { REPORT_TRACKING_QUEUE, StoredBatchJob } from './pipeline-queues.ts';

const REPORT_TYPES = new Set(['REPORT_GENERATED', 'REPORT_VIEW']);

/** The events `report-tracking` records; other events never reach its queue. */
export const isReportEvent = (event: ActivityEventView): boolean => REPORT_TYPES.has(event.type);

// The latest generation of a report in the batch wins (ON CONFLICT may touch a row only once
// per statement, hence DISTINCT ON).
const RECORD_GENERATIONS = `
INSERT INTO report_generation_stats AS r (organization_id, report_id, report_type, generated_by_user_id, generation_timestamp, processing_time_seconds)
SELECT DISTINCT ON (g."reportId") $1::uuid, g."reportId", g."reportType", g."userId", g."occurredAt", g."durationMs" / 1000.0
FROM json_to_recordset($2::json) AS g("reportId" text, "reportType" text, "userId" text, "occurredAt" timestamptz, "durationMs" double precision)
ORDER BY g."reportId", g."occurredAt" DESC
ON CONFLICT (organization_id, report_id) DO UPDATE SET
  report_type = excluded.report_type,
  generated_by_user_id = excluded.generated_by_user_id,
  generation_timestamp = excluded.generation_timestamp,
  processing_time_seconds = excluded.processing_time_seconds,
  updated_at = now()`;

// A view of a report whose generation event has not arrived yet creates its row.
const RECORD_VIEWS = `
INSERT INTO report_generation_stats AS r (organization_id, report_id, report_type, viewed_count, first_viewed_at, last_viewed_at)
SELECT $1::uuid, v."reportId", max(v."reportType"), count(*), min(v."occurredAt"), max(v."occurredAt")
FROM json_to_recordset($2::json) AS v("reportId" text, "reportType" text, "occurredAt" timestamptz)
GROUP BY v."reportId"
ON CONFLICT (organization_id, report_id) DO UPDATE SET
  report_type = coalesce(r.report_type, excluded.report_type),
  viewed_count = r.viewed_count + excluded.viewed_count,
  first_viewed_at = least(r.first_viewed_at, excluded.first_viewed_at),
  last_viewed_at = greatest(r.last_viewed_at, excluded.last_viewed_at),
  updated_at = now()`;

function reportRows(events: ActivityEventView[]) {
  const generations = [];
  const views = [];
  for (const event of events) {
    if (event.type === 'REPORT_GENERATED') {
      // Properties were checked against these schemas at ingest; parsing again types them.
      const { reportId, reportType, durationMs } = builtInEventProperties.REPORT_GENERATED.parse(event.properties);
      generations.push({ reportId, reportType, durationMs, userId: event.userId, occurredAt: event.occurredAt });
    } else if (event.type === 'REPORT_VIEW') {
      const { reportId, reportType } = builtInEventProperties.REPORT_VIEW.parse(event.properties);
      views.push({ reportId, reportType, occurredAt: event.occurredAt });
    }
  }
  return { generations, views };
}

/**
 * `report-tracking`: keeps report_generation_stats (the schema document's report statistics)
 * from REPORT_GENERATED and REPORT_VIEW events, exactly once per batch.
 */
export function createReportTrackingStep(orm: MikroORM) {
  return async function recordReports(data: unknown): Promise<{ applied: boolean }> {
    const batch = StoredBatchJob.parse(data);
    const { generations, views } = reportRows(batch.events);
    const applied = await applyOnce(orm, REPORT_TRACKING_QUEUE, batch.batchId, async (tx) => {
      if (generations.length > 0) await runSql(tx, RECORD_GENERATIONS, [batch.organizationId, JSON.stringify(generations)]);
      if (views.length > 0) await runSql(tx, RECORD_VIEWS, [batch.organizationId, JSON.stringify(views)]);
    });
    return { applied };
  };
}
