import type { EntityManager } from '@pulse/db';
import { runSql } from '@pulse/db';
import type { PulseServices } from '@pulse/api-contract/router';
import type { AlertCounts, AlertStatus, ListAlertsInput, UserActor } from '@pulse/api-contract/schemas';
import { ConflictError, InvalidInputError, NotFoundError } from '@pulse/api-contract/errors';
import { aggregateMetric } from '../metrics/metric-query.ts';
import { type AlertEffects, type EffectDependencies, publishEffects } from './alert-effects.ts';
import { ALERT_SELECT, type AlertRow, EVENT_SELECT, type EventRow, RULE_SELECT, type RuleRow, toAlertView, toEventView, toRuleView } from './alert-rows.ts';
import { resetState, restoreState } from './alert-state-machine.ts';
import { insertAlertEvent, loadAlertView, lockRuleState } from './alert-store.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { RULE_VALUE_METRIC } from './evaluate-rule.ts';

const CHART_BEFORE_MS = 30 * 60_000;
const CHART_AFTER_MS = 10 * 60_000;
const CHART_POINTS = 180;

export const notFound = (what: string) => new NotFoundError(`No such ${what} in this organization.`);

type Cursor = { startedAt: string; id: string };
const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decodeCursor(raw: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof cursor.startedAt === 'string' && typeof cursor.id === 'string' && !Number.isNaN(Date.parse(cursor.startedAt))) return cursor;
  } catch {
    // fall through
  }
  throw new InvalidInputError('That cursor is not one this list gave out.');
}

const SILENCED = `coalesce(s.starts_at <= now() AND s.ends_at > now() AND a.status <> 'resolved', false)`;

/** Newest first; every filter is one more condition on the organization's alerts. */
function listQuery(organizationId: string, input: ListAlertsInput): { sql: string; params: unknown[] } {
  const params: unknown[] = [organizationId];
  const where = ['a.organization_id = $1'];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (input.status?.length) add((p) => `a.status = ANY(${p}::text[])`, input.status);
  if (input.severity?.length) add((p) => `a.severity = ANY(${p}::text[])`, input.severity);
  if (input.ruleId) add((p) => `a.rule_id = ${p}`, input.ruleId);
  if (input.silenced !== undefined) add((p) => `${SILENCED} = ${p}::boolean`, input.silenced);
  if (input.from) add((p) => `(a.resolved_at IS NULL OR a.resolved_at >= ${p}::timestamptz)`, input.from);
  if (input.to) add((p) => `a.started_at <= ${p}::timestamptz`, input.to);
  if (input.cursor) {
    const cursor = decodeCursor(input.cursor);
    params.push(cursor.startedAt, cursor.id);
    where.push(`(a.started_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(input.limit + 1);
  return { sql: `${ALERT_SELECT} WHERE ${where.join(' AND ')} ORDER BY a.started_at DESC, a.id DESC LIMIT $${params.length}`, params };
}

/**
 * Closes an open alert on a person's word (or because its rule was disabled): resolved, with who
 * and why, and the rule's evaluation starts over, so a condition that still holds raises a new
 * alert after its `for`. The caller holds the rule's state lock.
 */
export async function resolveByPerson(
  em: EntityManager,
  alertId: string,
  ruleId: string,
  actor: UserActor,
  at: Date,
  comment: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await runSql(em, `UPDATE alerts SET status = 'resolved', resolved_at = $2, resolved_by = $3, resolution = 'manual', updated_at = $2 WHERE id = $1`, [
    alertId,
    at.toISOString(),
    actor.userId,
  ]);
  await insertAlertEvent(em, { alertId, at, kind: 'resolved', actorUserId: actor.userId, comment, details: { resolution: 'manual', ...details } });
  const [state] = await runSql<{ machine: unknown }>(em, 'SELECT machine FROM alert_rule_states WHERE rule_id = $1', [ruleId]);
  await runSql(em, `UPDATE alert_rule_states SET state = 'normal', machine = $2::jsonb, alert_id = NULL, updated_at = now() WHERE rule_id = $1 AND alert_id = $3`, [
    ruleId,
    JSON.stringify(resetState(restoreState(state?.machine))),
    alertId,
  ]);
}

/** The alert list, detail, counts and the people's actions on alerts. */
export function createAlertsService(deps: EffectDependencies): Omit<PulseServices['alerts'], 'rules' | 'silences'> {
  const { orm } = deps;

  /** Runs a person's action on one alert under its rule's lock, audits it, then publishes. */
  async function act(
    actor: UserActor,
    organizationId: string,
    alertId: string,
    allowed: AlertStatus[],
    action: string,
    work: (em: EntityManager, row: { rule_id: string; status: AlertStatus }, at: Date) => Promise<void>,
  ) {
    const at = new Date();
    const effects = await orm.em.fork().transactional(async (em): Promise<AlertEffects> => {
      const [target] = await runSql<{ rule_id: string }>(em, 'SELECT rule_id FROM alerts WHERE id = $1 AND organization_id = $2', [alertId, organizationId]);
      if (!target) throw notFound('alert');
      await lockRuleState(em, target.rule_id);
      const [row] = await runSql<{ rule_id: string; status: AlertStatus }>(em, 'SELECT rule_id, status FROM alerts WHERE id = $1 FOR UPDATE', [alertId]);
      if (!row || !allowed.includes(row.status)) {
        throw new ConflictError(`This alert is ${row?.status ?? 'gone'}; only a ${allowed.join(' or ')} alert can be ${action}.`);
      }
      await work(em, row, at);
      await writeAudit(em, { organizationId, actorUserId: actor.userId, action: `alert.${action}`, targetType: 'alert', targetId: alertId, details: { ruleId: row.rule_id } });
      return { organizationId, at, changes: [{ alertId, event: action === 'acknowledged' ? 'acknowledged' : 'resolved', notify: false }], notices: [] };
    });
    await publishEffects(deps, effects);
    const view = await loadAlertView(orm.em.fork(), organizationId, alertId);
    if (!view) throw notFound('alert');
    return view;
  }

  return {
    async list(organizationId, input) {
      const { sql, params } = listQuery(organizationId, input);
      const rows = await runSql<AlertRow>(orm.em.fork(), sql, params);
      const page = rows.slice(0, input.limit).map(toAlertView);
      const last = page.at(-1);
      return { items: page, nextCursor: rows.length > input.limit && last ? encodeCursor({ startedAt: last.startedAt, id: last.id }) : null };
    },

    async counts(organizationId) {
      const rows = await runSql<{ status: AlertStatus; n: number; silenced: number }>(
        orm.em.fork(),
        `SELECT a.status, count(*)::int AS n, count(*) FILTER (WHERE ${SILENCED})::int AS silenced
           FROM alerts a LEFT JOIN silences s ON s.id = a.silence_id WHERE a.organization_id = $1 GROUP BY a.status`,
        [organizationId],
      );
      const counts: AlertCounts = { pending: 0, triggered: 0, acknowledged: 0, resolved: 0, silenced: 0 };
      for (const row of rows) {
        counts[row.status] = row.n;
        counts.silenced += row.silenced;
      }
      return counts;
    },

    async get(organizationId, id) {
      const em = orm.em.fork();
      const [row] = await runSql<AlertRow>(em, `${ALERT_SELECT} WHERE a.organization_id = $1 AND a.id = $2`, [organizationId, id]);
      if (!row) throw notFound('alert');
      const alert = toAlertView(row);
      const [[rule], events] = await Promise.all([
        runSql<RuleRow>(orm.em.fork(), `${RULE_SELECT} WHERE r.organization_id = $1 AND r.id = $2`, [organizationId, alert.rule.id]),
        runSql<EventRow>(orm.em.fork(), `${EVENT_SELECT} WHERE e.alert_id = $1 ORDER BY e.at, e.seq`, [id]),
      ]);
      if (!rule) throw notFound('alert rule');
      const from = new Date(Date.parse(alert.startedAt) - CHART_BEFORE_MS);
      const to = new Date(Math.min(Date.now(), (alert.resolvedAt ? Date.parse(alert.resolvedAt) : Date.now()) + CHART_AFTER_MS));
      const chart = await aggregateMetric(orm.em.fork(), organizationId, {
        name: RULE_VALUE_METRIC,
        from,
        to,
        stepSeconds: Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 1000 / CHART_POINTS)),
        aggregation: 'avg',
        labels: { rule: alert.rule.id },
      });
      return {
        alert,
        rule: toRuleView(rule),
        timeline: events.map(toEventView),
        series: { from: chart.from, to: chart.to, step: chart.step, points: chart.points },
      };
    },

    acknowledge: (actor, organizationId, input) =>
      act(actor, organizationId, input.id, ['triggered'], 'acknowledged', async (em, _row, at) => {
        await runSql(
          em,
          `UPDATE alerts SET status = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3, acknowledge_comment = $4, updated_at = $2 WHERE id = $1`,
          [input.id, at.toISOString(), actor.userId, input.comment ?? null],
        );
        await insertAlertEvent(em, { alertId: input.id, at, kind: 'acknowledged', actorUserId: actor.userId, comment: input.comment ?? null });
      }),

    resolve: (actor, organizationId, input) =>
      act(actor, organizationId, input.id, ['triggered', 'acknowledged'], 'resolved', (em, row, at) =>
        resolveByPerson(em, input.id, row.rule_id, actor, at, input.comment ?? null),
      ),
  };
}
