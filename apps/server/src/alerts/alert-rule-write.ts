import type { EntityManager } from '@pulse/db';
import { runSql } from '@pulse/db';
import type { AlertOperator, AlertThreshold, OrgRole, WatchedValue } from '@pulse/api-contract/schemas';
import { sortThresholds } from './alert-state-machine.ts';

/** A rule's fields as stored (the secret only when given). */
export type RuleFields = {
  name: string;
  description: string;
  enabled: boolean;
  source: WatchedValue;
  operator: AlertOperator;
  thresholds: AlertThreshold[];
  keepFiringForSeconds: number;
  labels: Record<string, string>;
  notifyOrgRoles: OrgRole[];
  webhook: { url: string; secret?: string | undefined } | null;
};

function columnsOf(fields: RuleFields) {
  const metric = fields.source.kind === 'metric' ? fields.source : null;
  return [
    fields.name,
    fields.description,
    fields.enabled,
    fields.source.kind,
    metric?.metricName ?? null,
    metric?.aggregation ?? null,
    metric?.windowSeconds ?? null,
    JSON.stringify(metric?.labels ?? {}),
    fields.source.kind === 'counter' ? fields.source.counter : null,
    fields.operator,
    JSON.stringify(sortThresholds(fields.thresholds)),
    fields.keepFiringForSeconds,
    JSON.stringify(fields.labels),
    JSON.stringify(fields.notifyOrgRoles),
    fields.webhook?.url ?? null,
  ];
}

/**
 * Inserts or updates a rule row. On update a webhook without secret keeps the stored one, and
 * removing the webhook removes its secret.
 */
export async function writeRule(em: EntityManager, organizationId: string, id: string, fields: RuleFields, userId: string | null, exists: boolean): Promise<void> {
  const columns = columnsOf(fields);
  if (exists) {
    await runSql(
      em,
      `UPDATE alert_rules SET name = $3, description = $4, enabled = $5, source = $6, metric_name = $7, aggregation = $8, window_seconds = $9,
              label_filter = $10::jsonb, counter = $11, operator = $12, thresholds = $13::jsonb, keep_firing_for_seconds = $14, labels = $15::jsonb,
              notify_org_roles = $16::jsonb, webhook_url = $17, webhook_secret = CASE WHEN $17::text IS NULL THEN NULL ELSE coalesce($18, webhook_secret) END,
              updated_by = $19, updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [organizationId, id, ...columns, fields.webhook?.secret ?? null, userId],
    );
    return;
  }
  await runSql(
    em,
    `INSERT INTO alert_rules (organization_id, id, name, description, enabled, source, metric_name, aggregation, window_seconds, label_filter, counter,
                              operator, thresholds, keep_firing_for_seconds, labels, notify_org_roles, webhook_url, webhook_secret, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13::jsonb, $14, $15::jsonb, $16::jsonb, $17, $18, $19, $19)`,
    [organizationId, id, ...columns, fields.webhook?.secret ?? null, userId],
  );
}
