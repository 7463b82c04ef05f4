import type { EntityManager, Joined, SqlRow } from '@pulse/db';
import { runSql } from '@pulse/db';
import type { PulseServices } from '@pulse/api-contract/router';
import type { AlertSeverity, SilenceView, UserActor } from '@pulse/api-contract/schemas';
import { ConflictError } from '@pulse/api-contract/errors';
import { type AlertChange, type AlertEffects, type EffectDependencies, noticeAlert, publishEffects } from './alert-effects.ts';
import { RULE_SELECT, type RuleRow } from './alert-rows.ts';
import { activeSilences, lockRuleState } from './alert-store.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { notFound } from './alerts.service.ts';
import { recordSilenceChange } from './evaluate-rule.ts';
import { matchingSilence } from './silence-match.ts';

type User = SqlRow<'users'>;
type SilenceRow = Pick<SqlRow<'silences'>, 'id' | 'organization_id' | 'rule_id' | 'severities' | 'matchers' | 'comment' | 'starts_at' | 'ends_at' | 'created_by' | 'expired_by'> & {
  active: boolean;
  silenced_alerts: number;
} & Joined<SqlRow<'alert_rules'>, { rule_name: 'name' }> &
  Joined<User, { creator_name: 'name'; creator_email: 'email' }> &
  Joined<User, { expirer_name: 'name'; expirer_email: 'email' }>;

const SILENCE_SELECT = `
SELECT s.id, s.organization_id, s.rule_id, r.name AS rule_name, s.severities, s.matchers, s.comment, s.starts_at, s.ends_at,
       (s.starts_at <= now() AND s.ends_at > now()) AS active,
       s.created_by, cu.name AS creator_name, cu.email AS creator_email, s.expired_by, eu.name AS expirer_name, eu.email AS expirer_email,
       (SELECT count(*)::int FROM alerts a WHERE a.silence_id = s.id AND a.status <> 'resolved' AND s.ends_at > now()) AS silenced_alerts
  FROM silences s
  LEFT JOIN alert_rules r ON r.id = s.rule_id
  LEFT JOIN users cu ON cu.id = s.created_by
  LEFT JOIN users eu ON eu.id = s.expired_by`;

const iso = (value: string) => new Date(value).toISOString();
const ref = (id: string | null, name: string | null, email: string | null) => (id && name !== null && email !== null ? { id, name, email } : null);

function toSilenceView(row: SilenceRow): SilenceView {
  return {
    id: row.id,
    organizationId: row.organization_id,
    rule: row.rule_id && row.rule_name !== null ? { id: row.rule_id, name: row.rule_name } : null,
    severities: row.severities,
    matchers: row.matchers,
    comment: row.comment,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    active: row.active,
    createdBy: ref(row.created_by, row.creator_name, row.creator_email),
    expiredBy: ref(row.expired_by, row.expirer_name, row.expirer_email),
    silencedAlerts: row.silenced_alerts,
  };
}

/** Silences act at once on the open alerts (not only at the next evaluation). */
export function createSilencesService(deps: EffectDependencies): PulseServices['alerts']['silences'] {
  const { orm } = deps;

  async function load(em: EntityManager, organizationId: string, id: string): Promise<SilenceView> {
    const [row] = await runSql<SilenceRow>(em, `${SILENCE_SELECT} WHERE s.organization_id = $1 AND s.id = $2`, [organizationId, id]);
    if (!row) throw notFound('silence');
    return toSilenceView(row);
  }

  /**
   * Points every open alert of the organization at the silence that now matches it (or none),
   * under each rule's lock, with a timeline entry for each change. An alert that still fires
   * when its silence ends is notified, as if it had just triggered.
   */
  async function reapply(em: EntityManager, organizationId: string, at: Date): Promise<Pick<AlertEffects, 'changes' | 'notices'>> {
    const open = await runSql<{ id: string; rule_id: string; status: string; severity: AlertSeverity; labels: Record<string, string>; silence_id: string | null }>(
      em,
      `SELECT id, rule_id, status, severity, labels, silence_id FROM alerts WHERE organization_id = $1 AND status <> 'resolved' ORDER BY rule_id`,
      [organizationId],
    );
    const silences = await activeSilences(em, organizationId, at);
    const changes: AlertChange[] = [];
    const notices: AlertEffects['notices'] = [];
    for (const alert of open) {
      const silence = matchingSilence(silences, { ruleId: alert.rule_id, severity: alert.severity, labels: alert.labels });
      if ((silence?.id ?? null) === alert.silence_id) continue;
      await lockRuleState(em, alert.rule_id);
      await runSql(em, 'UPDATE alerts SET silence_id = $2, updated_at = now() WHERE id = $1', [alert.id, silence?.id ?? null]);
      const change = await recordSilenceChange(em, alert.id, alert.silence_id, silence, at);
      const tell = change?.event === 'unsilenced' && alert.status === 'triggered';
      if (change) changes.push({ ...change, notify: tell });
      if (tell) {
        const [rule] = await runSql<RuleRow>(em, `${RULE_SELECT} WHERE r.id = $1`, [alert.rule_id]);
        const made = rule ? await noticeAlert(em, rule, alert.id, 'triggered', at) : null;
        if (made) notices.push(made);
      }
    }
    return { changes, notices };
  }

  async function change(actor: UserActor, organizationId: string, work: (em: EntityManager, at: Date) => Promise<string>): Promise<SilenceView> {
    const at = new Date();
    let id = '';
    const effects = await orm.em.fork().transactional(async (em): Promise<AlertEffects> => {
      id = await work(em, at);
      return { organizationId, at, ...(await reapply(em, organizationId, at)) };
    });
    await publishEffects(deps, effects);
    return load(orm.em.fork(), organizationId, id);
  }

  return {
    async list(organizationId, input) {
      const rows = await runSql<SilenceRow>(
        orm.em.fork(),
        `${SILENCE_SELECT} WHERE s.organization_id = $1 AND ($2::boolean IS NULL OR (s.starts_at <= now() AND s.ends_at > now()) = $2) ORDER BY s.ends_at DESC, s.id LIMIT 500`,
        [organizationId, input.active ?? null],
      );
      return rows.map(toSilenceView);
    },

    create: (actor, organizationId, input) =>
      change(actor, organizationId, async (em, at) => {
        if (input.ruleId) {
          const [rule] = await runSql(em, 'SELECT 1 FROM alert_rules WHERE organization_id = $1 AND id = $2', [organizationId, input.ruleId]);
          if (!rule) throw notFound('alert rule');
        }
        const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(at.getTime() + (input.durationSeconds ?? 0) * 1000);
        const [row] = await runSql<{ id: string }>(
          em,
          `INSERT INTO silences (organization_id, rule_id, severities, matchers, comment, starts_at, ends_at, created_by)
           VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7, $8) RETURNING id`,
          [organizationId, input.ruleId ?? null, JSON.stringify(input.severities), JSON.stringify(input.matchers), input.comment, at.toISOString(), endsAt.toISOString(), actor.userId],
        );
        if (!row) throw new Error('silence insert returned nothing');
        await writeAudit(em, {
          organizationId,
          actorUserId: actor.userId,
          action: 'silence.create',
          targetType: 'silence',
          targetId: row.id,
          details: { ruleId: input.ruleId ?? null, severities: input.severities, matchers: input.matchers, endsAt: endsAt.toISOString(), comment: input.comment },
        });
        return row.id;
      }),

    expire: (actor, organizationId, id) =>
      change(actor, organizationId, async (em, at) => {
        const [row] = await runSql<{ id: string }>(
          em,
          'UPDATE silences SET ends_at = $3, expired_by = $4, updated_at = $3 WHERE organization_id = $1 AND id = $2 AND ends_at > $3 RETURNING id',
          [organizationId, id, at.toISOString(), actor.userId],
        );
        if (!row) {
          await load(em, organizationId, id);
          throw new ConflictError('This silence has already ended.');
        }
        await writeAudit(em, { organizationId, actorUserId: actor.userId, action: 'silence.expire', targetType: 'silence', targetId: id, details: {} });
        return id;
      }),
  };
}
