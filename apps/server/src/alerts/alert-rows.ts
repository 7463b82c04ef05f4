import type { AlertEventView, AlertRuleView, AlertView, LiveCounter, UserRef, WatchedValue } from '@pulse/api-contract/schemas';
import type { Joined, SqlRow } from '@pulse/db';
import { sortThresholds } from './alert-state-machine.ts';

// The SQL that reads rules, alerts and timeline entries in their view shape, and the mapping of
// a row to the contract's view. Every statement that uses these adds its own WHERE with the
// organization in it. The row types come from the entities (SqlRow): a column renamed or
// retyped there changes them here.

const iso = (value: string | null): string | null => (value === null ? null : new Date(value).toISOString());
const userRef = (id: string | null, name: string | null, email: string | null): UserRef | null =>
  id && name !== null && email !== null ? { id, name, email } : null;

type Rule = SqlRow<'alert_rules'>;
type Alert = SqlRow<'alerts'>;
type User = SqlRow<'users'>;

export type RuleRow = Pick<
  Rule,
  | 'id'
  | 'organization_id'
  | 'name'
  | 'description'
  | 'enabled'
  | 'source'
  | 'metric_name'
  | 'aggregation'
  | 'window_seconds'
  | 'label_filter'
  | 'counter'
  | 'operator'
  | 'thresholds'
  | 'keep_firing_for_seconds'
  | 'labels'
  | 'notify_org_roles'
  | 'webhook_url'
  | 'created_at'
  | 'updated_at'
  | 'created_by'
> & { has_webhook_secret: boolean } & Joined<User, { creator_name: 'name'; creator_email: 'email' }> &
  Joined<SqlRow<'alert_rule_states'>, { health: 'state'; last_value: 'last_value'; last_evaluated_at: 'last_evaluated_at'; alert_id: 'alert_id' }> &
  Joined<Alert, { alert_severity: 'severity' }>;

/** Never selects the webhook secret itself. */
export const RULE_SELECT = `
SELECT r.id, r.organization_id, r.name, r.description, r.enabled, r.source, r.metric_name, r.aggregation, r.window_seconds,
       r.label_filter, r.counter, r.operator, r.thresholds, r.keep_firing_for_seconds, r.labels, r.notify_org_roles, r.webhook_url,
       r.webhook_secret IS NOT NULL AS has_webhook_secret, r.created_at, r.updated_at, r.created_by,
       u.name AS creator_name, u.email AS creator_email,
       st.state AS health, st.last_value, st.last_evaluated_at, st.alert_id, oa.severity AS alert_severity
  FROM alert_rules r
  LEFT JOIN users u ON u.id = r.created_by
  LEFT JOIN alert_rule_states st ON st.rule_id = r.id
  LEFT JOIN alerts oa ON oa.id = st.alert_id`;

export function watchedValueOf(row: Pick<RuleRow, 'source' | 'metric_name' | 'aggregation' | 'window_seconds' | 'label_filter' | 'counter'>): WatchedValue {
  if (row.source === 'counter') return { kind: 'counter', counter: row.counter as LiveCounter };
  return {
    kind: 'metric',
    metricName: row.metric_name ?? '',
    aggregation: row.aggregation ?? 'avg',
    windowSeconds: row.window_seconds ?? 60,
    labels: row.label_filter,
  };
}

export function toRuleView(row: RuleRow): AlertRuleView {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    source: watchedValueOf(row),
    operator: row.operator,
    thresholds: sortThresholds(row.thresholds),
    keepFiringForSeconds: row.keep_firing_for_seconds,
    labels: row.labels,
    notifyOrgRoles: row.notify_org_roles,
    webhook: row.webhook_url ? { url: row.webhook_url, secretSet: row.has_webhook_secret } : null,
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    createdBy: userRef(row.created_by, row.creator_name, row.creator_email),
    state: {
      health: row.health ?? 'normal',
      value: row.last_value === null ? null : Number(row.last_value),
      evaluatedAt: iso(row.last_evaluated_at),
      alertId: row.alert_id,
      severity: row.alert_severity,
    },
  };
}

export type AlertRow = Pick<
  Alert,
  | 'id'
  | 'organization_id'
  | 'rule_id'
  | 'status'
  | 'severity'
  | 'value'
  | 'threshold'
  | 'labels'
  | 'started_at'
  | 'triggered_at'
  | 'acknowledged_at'
  | 'acknowledged_by'
  | 'acknowledge_comment'
  | 'resolved_at'
  | 'resolved_by'
  | 'resolution'
  | 'silence_id'
  | 'last_evaluated_at'
  | 'updated_at'
> & { rule_name: Rule['name']; operator: Rule['operator']; silence_active: boolean } & Joined<User, { ack_name: 'name'; ack_email: 'email' }> &
  Joined<User, { res_name: 'name'; res_email: 'email' }> &
  Joined<SqlRow<'silences'>, { silence_ends_at: 'ends_at' }>;

/** A silence counts only while it lasts: an open alert shows as silenced until its silence ends. */
export const ALERT_SELECT = `
SELECT a.id, a.organization_id, a.rule_id, r.name AS rule_name, r.operator, a.status, a.severity, a.value, a.threshold, a.labels,
       a.started_at, a.triggered_at, a.acknowledged_at, a.acknowledged_by, ack.name AS ack_name, ack.email AS ack_email,
       a.acknowledge_comment, a.resolved_at, a.resolved_by, res.name AS res_name, res.email AS res_email, a.resolution,
       a.silence_id, s.ends_at AS silence_ends_at, coalesce(s.starts_at <= now() AND s.ends_at > now(), false) AS silence_active,
       a.last_evaluated_at, a.updated_at
  FROM alerts a
  JOIN alert_rules r ON r.id = a.rule_id
  LEFT JOIN silences s ON s.id = a.silence_id
  LEFT JOIN users ack ON ack.id = a.acknowledged_by
  LEFT JOIN users res ON res.id = a.resolved_by`;

export function toAlertView(row: AlertRow): AlertView {
  const silenced = row.silence_active && row.status !== 'resolved';
  return {
    id: row.id,
    organizationId: row.organization_id,
    rule: { id: row.rule_id, name: row.rule_name },
    status: row.status,
    state: silenced ? 'silenced' : row.status,
    severity: row.severity,
    value: row.value === null ? null : Number(row.value),
    threshold: Number(row.threshold),
    operator: row.operator,
    labels: row.labels,
    startedAt: iso(row.started_at) as string,
    triggeredAt: iso(row.triggered_at),
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedBy: userRef(row.acknowledged_by, row.ack_name, row.ack_email),
    acknowledgeComment: row.acknowledge_comment,
    resolvedAt: iso(row.resolved_at),
    resolvedBy: userRef(row.resolved_by, row.res_name, row.res_email),
    resolution: row.resolution,
    silence: silenced && row.silence_id && row.silence_ends_at ? { id: row.silence_id, endsAt: iso(row.silence_ends_at) as string } : null,
    lastEvaluatedAt: iso(row.last_evaluated_at),
    updatedAt: iso(row.updated_at) as string,
  };
}

export type EventRow = Pick<SqlRow<'alert_events'>, 'id' | 'at' | 'severity' | 'value' | 'actor_user_id' | 'comment' | 'details'> & {
  /** A text column; the contract's kinds are the ones Pulse writes. */
  kind: AlertEventView['kind'];
} & Joined<User, { actor_name: 'name'; actor_email: 'email' }>;

export const EVENT_SELECT = `
SELECT e.id, e.at, e.kind, e.severity, e.value, e.actor_user_id, u.name AS actor_name, u.email AS actor_email, e.comment, e.details
  FROM alert_events e
  LEFT JOIN users u ON u.id = e.actor_user_id`;

export function toEventView(row: EventRow): AlertEventView {
  return {
    id: row.id,
    at: iso(row.at) as string,
    kind: row.kind,
    severity: row.severity,
    value: row.value === null ? null : Number(row.value),
    actor: userRef(row.actor_user_id, row.actor_name, row.actor_email),
    comment: row.comment,
    details: row.details,
  };
}
