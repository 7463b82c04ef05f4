import type { MikroORM } from '@pulse/db';
import { Organization, runSql } from '@pulse/db';
import { type RuleFields, writeRule } from '../alerts/alert-rule-write.ts';

export const DEMO_RULE_NAME = 'API latency p95 (demo)';

/** Watches the demo traffic's latencies: its periodic slowdowns raise, escalate and resolve an alert. */
const DEMO_RULE: RuleFields = {
  name: DEMO_RULE_NAME,
  description: 'p95 of http_request_duration_seconds over the last minute. The demo traffic slows down for 3 minutes every 12.',
  enabled: true,
  source: { kind: 'metric', metricName: 'http_request_duration_seconds', aggregation: 'p95', windowSeconds: 60, labels: {} },
  operator: '>',
  thresholds: [
    { severity: 'medium', value: 0.5, forSeconds: 30 },
    { severity: 'high', value: 1, forSeconds: 30 },
    { severity: 'critical', value: 2, forSeconds: 60 },
  ],
  keepFiringForSeconds: 60,
  labels: { team: 'platform' },
  notifyOrgRoles: ['OWNER'],
  webhook: null,
};

/** One demo rule per organization, unless it is there already (matched by name). */
export async function seedDemoAlertRules(orm: MikroORM): Promise<number> {
  return orm.em.fork().transactional(async (em) => {
    await runSql(em, `select pg_advisory_xact_lock(hashtext('pulse:seed-demo-alert-rules'))`, []);
    let created = 0;
    for (const organization of await em.find(Organization, {})) {
      const [existing] = await runSql(em, 'SELECT 1 FROM alert_rules WHERE organization_id = $1 AND name = $2', [organization.id, DEMO_RULE_NAME]);
      if (existing) continue;
      await writeRule(em, organization.id, crypto.randomUUID(), DEMO_RULE, null, false);
      created++;
    }
    return created;
  });
}
