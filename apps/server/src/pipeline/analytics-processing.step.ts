import { runSql } from '@pulse/db';
import type { MikroORM } from '@pulse/db';
import type { BuiltInEventType } from '@pulse/api-contract/schemas';
import { applyOnce } from './apply-once.ts';
import { ANALYTICS_PROCESSING_QUEUE, EngagementBatchJob } from './pipeline-queues.ts';

/** Which built-in event each per-user daily counter of user_engagement_metrics counts. */
const COUNTED_TYPES = {
  login_count: 'USER_LOGIN',
  page_views: 'PAGE_VIEW',
  api_calls: 'API_CALL',
  reports_generated: 'REPORT_GENERATED',
  reports_viewed: 'REPORT_VIEW',
  ai_chat_messages_sent: 'AI_CHAT_MESSAGE',
  employees_added: 'EMPLOYEE_ADDED',
  products_created: 'PRODUCT_CREATED',
} as const satisfies Record<string, BuiltInEventType>;
const COLUMNS = Object.keys(COUNTED_TYPES);

// One statement per batch: the events arrive as one JSON parameter and are grouped per user
// and UTC day by Postgres, then added to what earlier batches counted. Rows are written in key
// order, so two batches updating the same users lock them in the same order (no deadlock).
const ADD_ENGAGEMENT = `
INSERT INTO user_engagement_metrics AS m (organization_id, metric_date, user_id, event_count, ${COLUMNS.join(', ')}, last_activity_at)
SELECT $1::uuid, (e."occurredAt" AT TIME ZONE 'UTC')::date, e."userId", count(*),
  ${Object.values(COUNTED_TYPES).map((type) => `count(*) FILTER (WHERE e.type = '${type}')`).join(', ')},
  max(e."occurredAt")
FROM json_to_recordset($2::json) AS e(type text, "userId" text, "occurredAt" timestamptz)
WHERE e."userId" IS NOT NULL
GROUP BY 2, 3
ORDER BY 2, 3
ON CONFLICT (organization_id, metric_date, user_id) DO UPDATE SET
  event_count = m.event_count + excluded.event_count,
  ${COLUMNS.map((column) => `${column} = m.${column} + excluded.${column}`).join(',\n  ')},
  last_activity_at = greatest(m.last_activity_at, excluded.last_activity_at),
  updated_at = now()`;

/**
 * `analytics-processing`: folds a batch into the per-user daily engagement of the schema
 * document (user_engagement_metrics), exactly once per batch. Events without a user count
 * toward no one.
 */
export function createAnalyticsProcessingStep(orm: MikroORM) {
  return async function addEngagement(data: unknown): Promise<{ applied: boolean }> {
    const batch = EngagementBatchJob.parse(data);
    const applied = await applyOnce(orm, ANALYTICS_PROCESSING_QUEUE, batch.batchId, async (tx) => {
      await runSql(tx, ADD_ENGAGEMENT, [batch.organizationId, JSON.stringify(batch.events)]);
    });
    return { applied };
  };
}
