import type { EntityManager } from '@pulse/db';
import { runSql } from '@pulse/db';
import type { AlertEventKind, AlertSeverity, AlertStatus } from '@pulse/api-contract/schemas';
import { labelsHashOf } from '../metrics/stored-sample.ts';
import type { MetricRecorder } from '../metrics/metric-recorder.ts';
import { addToSketch } from '../metrics/sketch.ts';
import { type AlertChange, type EffectDependencies, noticeAlert, publishEffects } from './alert-effects.ts';
import { RULE_SELECT, type RuleRow, watchedValueOf } from './alert-rows.ts';
import { evaluate, type MachineState, restoreState, type Transition } from './alert-state-machine.ts';
import { activeSilences, insertAlertEvent, lockRuleState } from './alert-store.ts';
import { type CreatedNotices, NOTIFYING_EVENTS, type NotifyingEvent } from './notify.ts';
import { matchingSilence, type SilenceSpec } from './silence-match.ts';
import { readWatchedValue, type ReadCounters } from './watched-value.ts';

/** The series in which every evaluation's value is kept (labels: rule), for the alert detail chart. */
export const RULE_VALUE_METRIC = 'pulse_alert_rule_value';

export type EvaluationDependencies = EffectDependencies & {
  counters: ReadCounters;
  recorder: MetricRecorder;
};

export type EvaluationOutcome = { transitions: Transition['kind'][]; value: number | null; alertId: string | null };

/** The labels an alert carries: the rule's label filter and its own labels. */
export function alertLabels(rule: Pick<RuleRow, 'label_filter' | 'labels' | 'source'>): Record<string, string> {
  return { ...(rule.source === 'metric' ? rule.label_filter : {}), ...rule.labels };
}

const thresholdOf = (rule: RuleRow, severity: AlertSeverity) => rule.thresholds.find((t) => t.severity === severity)?.value ?? 0;

function healthOf(state: MachineState): string {
  return state.noData ? 'nodata' : state.phase;
}

/**
 * One evaluation of one rule at `at`: read the watched value, run the state machine on the
 * stored state (locked, so evaluations of a rule take turns across workers; an evaluation not
 * newer than the last one does nothing), apply its transitions to the alert and its timeline,
 * match silences, create notifications for what is not silenced, save the state; then, after
 * the commit, publish to the live stream, tell notified users, queue the webhook and keep the
 * value for the alert's chart.
 */
export async function evaluateRule(deps: EvaluationDependencies, ruleId: string, at = new Date()): Promise<EvaluationOutcome | null> {
  const [rule] = await runSql<RuleRow>(deps.orm.em.fork(), `${RULE_SELECT} WHERE r.id = $1`, [ruleId]);
  if (!rule?.enabled) return null;
  const source = watchedValueOf(rule);
  const value = await readWatchedValue(deps.orm.em.fork(), deps.counters, rule.organization_id, source, at);
  const labels = alertLabels(rule);

  const effects = await deps.orm.em.fork().transactional(async (em) => {
    const stored = await lockRuleState(em, ruleId);
    // Read under the lock: a silence created meanwhile has applied itself and is seen here.
    const silences = await activeSilences(em, rule.organization_id, at);
    const silenceFor = (severity: AlertSeverity) => matchingSilence(silences, { ruleId, severity, labels });
    const spec = { operator: rule.operator, thresholds: rule.thresholds, keepFiringForSeconds: rule.keep_firing_for_seconds };
    const result = evaluate(spec, restoreState(stored.machine), { value, at });
    if (!result.applied) return null;
    const changes: AlertChange[] = [];
    const notices: { alertId: string; event: NotifyingEvent }[] = [];
    let openAlert = stored.alert_id;

    const record = async (alertId: string, kind: AlertEventKind, severity: AlertSeverity | null, details: Record<string, unknown> = {}) => {
      await insertAlertEvent(em, { alertId, at, kind, severity, value, details });
      // Silenced alerts and alerts that never fired (cleared while pending) notify nobody.
      const notify = (NOTIFYING_EVENTS as readonly string[]).includes(kind) && severity !== null && !silenceFor(severity);
      changes.push({ alertId, event: kind, notify });
      if (notify) notices.push({ alertId, event: kind as NotifyingEvent });
    };
    const setStatus = (alertId: string, status: AlertStatus, extra = '') =>
      runSql(em, `UPDATE alerts SET status = $2, updated_at = $3::timestamptz ${extra} WHERE id = $1`, [alertId, status, at.toISOString()]);

    for (const transition of result.transitions) {
      switch (transition.kind) {
        case 'pending':
          openAlert = await insertAlert(em, rule, labels, 'pending', transition.severity, value, at, null);
          await record(openAlert, 'pending', transition.severity);
          break;
        case 'triggered':
          if (openAlert) await setStatus(openAlert, 'triggered', ', triggered_at = $3');
          else openAlert = await insertAlert(em, rule, labels, 'triggered', transition.severity, value, new Date(transition.since), at);
          await record(openAlert, 'triggered', transition.severity);
          break;
        case 'severity_raised':
          // An acknowledgement was given for the lower severity: the alert asks for attention again.
          if (openAlert) {
            await runSql(em, `UPDATE alerts SET status = 'triggered' WHERE id = $1 AND status = 'acknowledged'`, [openAlert]);
            await record(openAlert, 'severity_raised', transition.to, { from: transition.from, to: transition.to });
          }
          break;
        case 'severity_lowered':
          if (openAlert) await record(openAlert, 'severity_lowered', transition.to, { from: transition.from, to: transition.to });
          break;
        case 'resolved':
        case 'cleared':
          if (openAlert) {
            await runSql(em, `UPDATE alerts SET value = $2, last_evaluated_at = $3 WHERE id = $1`, [openAlert, value, at.toISOString()]);
            await setStatus(openAlert, 'resolved', `, resolved_at = $3, resolution = 'auto'`);
            const severity = transition.kind === 'resolved' ? transition.severity : null;
            await record(openAlert, 'resolved', severity, transition.kind === 'cleared' ? { whilePending: true } : {});
            openAlert = null;
          }
          break;
        case 'nodata':
        case 'data_restored':
          if (openAlert) await record(openAlert, transition.kind, null);
          break;
      }
    }

    if (openAlert && result.state.severity) {
      const severity = result.state.severity;
      const silence = silenceFor(severity);
      const [before] = await runSql<{ silence_id: string | null; status: AlertStatus }>(
        em,
        `UPDATE alerts a SET value = coalesce($2, a.value), severity = $3, threshold = $4, silence_id = $5, last_evaluated_at = $6, updated_at = now()
           FROM alerts old WHERE a.id = $1 AND old.id = a.id RETURNING old.silence_id, a.status`,
        [openAlert, value, severity, thresholdOf(rule, severity), silence?.id ?? null, at.toISOString()],
      );
      const change = await recordSilenceChange(em, openAlert, before?.silence_id ?? null, silence, at);
      // A silence ended over an alert that still fires: tell people now (as Alertmanager does).
      const tell = change?.event === 'unsilenced' && before?.status === 'triggered';
      if (change) changes.push({ ...change, notify: tell });
      if (tell) notices.push({ alertId: openAlert, event: 'triggered' });
    }

    const created: CreatedNotices[] = [];
    for (const notice of notices) {
      const made = await noticeAlert(em, rule, notice.alertId, notice.event, at);
      if (made) created.push(made);
    }

    await runSql(
      em,
      `UPDATE alert_rule_states SET state = $2, machine = $3::jsonb, alert_id = $4, last_value = $5, last_evaluated_at = $6, updated_at = now() WHERE rule_id = $1`,
      [ruleId, healthOf(result.state), JSON.stringify(result.state), openAlert, value, at.toISOString()],
    );
    return { changes, created, transitions: result.transitions.map((t) => t.kind), openAlert };
  });
  if (!effects) return null;

  await publishEffects(deps, { organizationId: rule.organization_id, at, changes: effects.changes, notices: effects.created });
  if (value !== null) await recordRuleValue(deps.recorder, rule.organization_id, ruleId, value, at);
  return { transitions: effects.transitions, value, alertId: effects.openAlert };
}

async function insertAlert(
  em: EntityManager,
  rule: RuleRow,
  labels: Record<string, string>,
  status: AlertStatus,
  severity: AlertSeverity,
  value: number | null,
  startedAt: Date,
  triggeredAt: Date | null,
): Promise<string> {
  const [row] = await runSql<{ id: string }>(
    em,
    `INSERT INTO alerts (organization_id, rule_id, status, severity, value, threshold, labels, started_at, triggered_at, last_evaluated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10) RETURNING id`,
    [rule.organization_id, rule.id, status, severity, value, thresholdOf(rule, severity), JSON.stringify(labels), startedAt.toISOString(), triggeredAt?.toISOString() ?? null, (triggeredAt ?? startedAt).toISOString()],
  );
  if (!row) throw new Error('alert insert returned nothing');
  return row.id;
}

/** A timeline entry when the alert's silence changed (a new one matches, or it ended). */
export async function recordSilenceChange(em: EntityManager, alertId: string, before: string | null, silence: SilenceSpec | null, at: Date): Promise<AlertChange | null> {
  const after = silence?.id ?? null;
  if (before === after) return null;
  const kind = after ? 'silenced' : 'unsilenced';
  await insertAlertEvent(em, { alertId, at, kind, details: { silenceId: after ?? before } });
  return { alertId, event: kind, notify: false };
}

/** Keeps what the rule saw, so the alert detail can draw the watched value around the alert. */
async function recordRuleValue(recorder: MetricRecorder, organizationId: string, ruleId: string, value: number, at: Date): Promise<void> {
  const labels = { rule: ruleId };
  await recorder.recordOwn(
    organizationId,
    [
      {
        id: crypto.randomUUID(),
        recordedAt: at.toISOString(),
        name: RULE_VALUE_METRIC,
        labels,
        labelsHash: labelsHashOf(labels),
        type: 'gauge',
        category: 'system',
        value,
        count: 1,
        sum: value,
        min: value,
        max: value,
        sketch: addToSketch({}, value),
        detail: null,
        userId: null,
      },
    ],
    at,
  );
}
