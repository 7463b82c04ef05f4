import type { EntityManager } from '@pulse/db';
import { runSql } from '@pulse/db';
import type { PulseServices } from '@pulse/api-contract/router';
import { thresholdOrderIssue, type CreateAlertRuleInput, type RulePreview, type UserActor } from '@pulse/api-contract/schemas';
import { InvalidInputError } from '@pulse/api-contract/errors';
import { aggregateMetric } from '../metrics/metric-query.ts';
import { type AlertEffects, type EffectDependencies, publishEffects } from './alert-effects.ts';
import { type RuleFields, writeRule } from './alert-rule-write.ts';
import { RULE_SELECT, type RuleRow, toRuleView } from './alert-rows.ts';
import { compare, sortThresholds } from './alert-state-machine.ts';
import { lockRuleState } from './alert-store.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { notFound, resolveByPerson } from './alerts.service.ts';
import { readWatchedValue, type ReadCounters } from './watched-value.ts';

/** Points of a preview's history: the watched value, window after window. */
const PREVIEW_POINTS = 60;
const DAY_SECONDS = 86_400;

/** The rule as the audit log keeps it: everything but the webhook secret. */
const auditable = (fields: RuleFields) => ({ ...fields, webhook: fields.webhook ? { url: fields.webhook.url, secretChanged: fields.webhook.secret !== undefined } : null });

export function createAlertRulesService(deps: EffectDependencies & { counters: ReadCounters }): PulseServices['alerts']['rules'] {
  const { orm } = deps;

  async function load(em: EntityManager, organizationId: string, id: string) {
    const [row] = await runSql<RuleRow>(em, `${RULE_SELECT} WHERE r.organization_id = $1 AND r.id = $2`, [organizationId, id]);
    if (!row) throw notFound('alert rule');
    return row;
  }

  /** What the schema cannot see: the thresholds' order after a partial update, rate on a gauge. */
  async function check(em: EntityManager, organizationId: string, fields: RuleFields): Promise<void> {
    const issue = thresholdOrderIssue(fields.operator, fields.thresholds);
    if (issue) throw new InvalidInputError(issue);
    if (fields.source.kind === 'metric' && fields.source.aggregation === 'rate') {
      const [gauge] = await runSql(em, `SELECT 1 FROM metric_series WHERE organization_id = $1 AND name = $2 AND type = 'gauge' LIMIT 1`, [organizationId, fields.source.metricName]);
      if (gauge) throw new InvalidInputError(`${fields.source.metricName} is a gauge: rate applies to counters, histograms and summaries.`);
    }
  }

  function fieldsOf(row: RuleRow): RuleFields {
    const view = toRuleView(row);
    return { ...view, webhook: view.webhook ? { url: view.webhook.url } : null };
  }

  /** Disabling a rule closes its open alert: nothing would ever resolve it otherwise. */
  async function closeOpenAlert(em: EntityManager, actor: UserActor, row: RuleRow, at: Date): Promise<AlertEffects['changes']> {
    const state = await lockRuleState(em, row.id);
    if (!state.alert_id) return [];
    await resolveByPerson(em, state.alert_id, row.id, actor, at, null, { ruleDisabled: true });
    return [{ alertId: state.alert_id, event: 'resolved', notify: false }];
  }

  async function save(actor: UserActor, organizationId: string, id: string, fields: RuleFields, action: string, previous: RuleRow | null) {
    const at = new Date();
    const effects = await orm.em.fork().transactional(async (em): Promise<AlertEffects> => {
      await check(em, organizationId, fields);
      await writeRule(em, organizationId, id, fields, actor.userId, previous !== null);
      const changes = previous?.enabled && !fields.enabled ? await closeOpenAlert(em, actor, previous, at) : [];
      await writeAudit(em, { organizationId, actorUserId: actor.userId, action, targetType: 'alert_rule', targetId: id, details: auditable(fields) });
      return { organizationId, at, changes, notices: [] };
    });
    await publishEffects(deps, effects);
    return toRuleView(await load(orm.em.fork(), organizationId, id));
  }

  return {
    async list(organizationId, input) {
      const rows = await runSql<RuleRow>(orm.em.fork(), `${RULE_SELECT} WHERE r.organization_id = $1 AND ($2::boolean IS NULL OR r.enabled = $2) ORDER BY r.name, r.id`, [
        organizationId,
        input.enabled ?? null,
      ]);
      return rows.map(toRuleView);
    },

    get: async (organizationId, id) => toRuleView(await load(orm.em.fork(), organizationId, id)),

    create: (actor, organizationId, input: CreateAlertRuleInput) => save(actor, organizationId, crypto.randomUUID(), input, 'alert_rule.create', null),

    async update(actor, organizationId, input) {
      const previous = await load(orm.em.fork(), organizationId, input.id);
      const current = fieldsOf(previous);
      if (input.webhook && !input.webhook.secret && !previous.has_webhook_secret) {
        throw new InvalidInputError('A new webhook needs its secret.');
      }
      const { id, organizationId: _organization, ...changes } = input;
      const fields: RuleFields = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
      return save(actor, organizationId, id, fields, 'alert_rule.update', previous);
    },

    async setEnabled(actor, organizationId, id, enabled) {
      const previous = await load(orm.em.fork(), organizationId, id);
      return save(actor, organizationId, id, { ...fieldsOf(previous), enabled }, enabled ? 'alert_rule.enable' : 'alert_rule.disable', previous);
    },

    async remove(actor, organizationId, id) {
      await orm.em.fork().transactional(async (em) => {
        const row = await load(em, organizationId, id);
        await runSql(em, 'DELETE FROM alert_rules WHERE organization_id = $1 AND id = $2', [organizationId, id]);
        await writeAudit(em, { organizationId, actorUserId: actor.userId, action: 'alert_rule.delete', targetType: 'alert_rule', targetId: id, details: auditable(fieldsOf(row)) });
      });
    },

    async preview(organizationId, input): Promise<RulePreview> {
      const at = new Date();
      const value = await readWatchedValue(orm.em.fork(), deps.counters, organizationId, input.source, at);
      const thresholds = sortThresholds(input.thresholds).map((t) => ({ ...t, holds: value !== null && compare(value, input.operator, t.value) }));
      let history: RulePreview['history'] = { step: 0, points: [] };
      if (input.source.kind === 'metric') {
        const window = input.source.windowSeconds;
        const points = Math.min(PREVIEW_POINTS, Math.floor(DAY_SECONDS / window));
        const answer = await aggregateMetric(orm.em.fork(), organizationId, {
          name: input.source.metricName,
          from: new Date(at.getTime() - points * window * 1000),
          to: at,
          stepSeconds: window,
          aggregation: input.source.aggregation,
          labels: input.source.labels,
        });
        history = { step: answer.step, points: answer.points };
      }
      return { value, evaluatedAt: at.toISOString(), thresholds, wouldFire: thresholds.find((t) => t.holds)?.severity ?? null, history };
    },
  };
}
