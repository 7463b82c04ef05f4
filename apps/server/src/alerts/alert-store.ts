import type { EntityManager } from '@pulse/db';
import { runSql } from '@pulse/db';
import type { AlertEventKind, AlertSeverity, AlertView } from '@pulse/api-contract/schemas';
import { ALERT_SELECT, type AlertRow, toAlertView } from './alert-rows.ts';
import type { SilenceSpec } from './silence-match.ts';

// Statements shared by the evaluator and the people's actions, meant to run inside their
// transaction (runSql binds to the EntityManager's transaction).

export type NewAlertEvent = {
  alertId: string;
  at: Date;
  kind: AlertEventKind;
  severity?: AlertSeverity | null;
  value?: number | null;
  actorUserId?: string | null;
  comment?: string | null;
  details?: Record<string, unknown>;
};

export async function insertAlertEvent(em: EntityManager, event: NewAlertEvent): Promise<void> {
  await runSql(
    em,
    `INSERT INTO alert_events (alert_id, at, kind, severity, value, actor_user_id, comment, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [
      event.alertId,
      event.at.toISOString(),
      event.kind,
      event.severity ?? null,
      event.value ?? null,
      event.actorUserId ?? null,
      event.comment ?? null,
      JSON.stringify(event.details ?? {}),
    ],
  );
}

export async function loadAlertView(em: EntityManager, organizationId: string, alertId: string): Promise<AlertView | null> {
  const [row] = await runSql<AlertRow>(em, `${ALERT_SELECT} WHERE a.organization_id = $1 AND a.id = $2`, [organizationId, alertId]);
  return row ? toAlertView(row) : null;
}

export async function activeSilences(em: EntityManager, organizationId: string, at: Date): Promise<SilenceSpec[]> {
  const rows = await runSql<{ id: string; rule_id: string | null; severities: string[]; matchers: SilenceSpec['matchers']; ends_at: string }>(
    em,
    'SELECT id, rule_id, severities, matchers, ends_at FROM silences WHERE organization_id = $1 AND starts_at <= $2 AND ends_at > $2',
    [organizationId, at.toISOString()],
  );
  return rows.map((row) => ({ id: row.id, ruleId: row.rule_id, severities: row.severities, matchers: row.matchers, endsAt: new Date(row.ends_at).toISOString() }));
}

export type RuleStateRow = { rule_id: string; machine: unknown; alert_id: string | null };

/**
 * Locks the rule's evaluation state (creating it on first use) for the rest of the transaction:
 * evaluations and people's actions on one rule take turns, on any number of processes.
 */
export async function lockRuleState(em: EntityManager, ruleId: string): Promise<RuleStateRow> {
  await runSql(em, `INSERT INTO alert_rule_states (rule_id, state, machine, updated_at) VALUES ($1, 'normal', '{}'::jsonb, now()) ON CONFLICT DO NOTHING`, [ruleId]);
  const [row] = await runSql<RuleStateRow>(em, 'SELECT rule_id, machine, alert_id FROM alert_rule_states WHERE rule_id = $1 FOR UPDATE', [ruleId]);
  if (!row) throw new Error(`alert rule ${ruleId} has no state row`);
  return row;
}
