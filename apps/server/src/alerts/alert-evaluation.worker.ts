import type { Job } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';
import { errorFields, type Logger } from '../log.ts';
import type { SelfMetrics } from '../observability/self-metrics.ts';
import { AlertEvaluationJob } from './alert-evaluation.queue.ts';
import { type EvaluationDependencies, evaluateRule } from './evaluate-rule.ts';

export type AlertEvaluationResult = { evaluated: number; failed: number };

const COUNTER_WATCH_TTL_MS = 5000;

/**
 * Organizations with an enabled counter rule, read again at most every 5 s: only their batches
 * queue an evaluation, so ingest pays nothing for organizations without such rules.
 */
export function createCounterWatch(orm: MikroORM) {
  let watched = new Set<string>();
  let loadedAt = 0;
  return {
    async has(organizationId: string): Promise<boolean> {
      if (Date.now() - loadedAt > COUNTER_WATCH_TTL_MS) {
        loadedAt = Date.now();
        const rows = await runSql<{ organization_id: string }>(orm.em.fork(), `SELECT DISTINCT organization_id FROM alert_rules WHERE enabled AND source = 'counter'`, []);
        watched = new Set(rows.map((row) => row.organization_id));
      }
      return watched.has(organizationId);
    },
  };
}

/** Webhook deliveries whose job was never queued (the process died right after the commit). */
const STALE_DELIVERY_SQL = `
SELECT id FROM notification_delivery_logs
 WHERE channel = 'webhook' AND status = 'pending' AND attempts = 0 AND created_at < now() - interval '1 minute'
 ORDER BY created_at LIMIT 100`;

/** Rules of one tick are evaluated this many at a time. */
const TICK_PARALLELISM = 4;

type Dependencies = {
  evaluation: EvaluationDependencies;
  selfMetrics: SelfMetrics;
  log: Logger;
};

/** The alert-evaluation queue's jobs: every rule (the tick), one rule, or an organization's counter rules. */
export function createAlertEvaluationProcessor(deps: Dependencies): (job: Job<unknown, unknown>) => Promise<AlertEvaluationResult> {
  const em = () => deps.evaluation.orm.em.fork();

  async function evaluateAll(ruleIds: string[]): Promise<AlertEvaluationResult> {
    const started = Date.now();
    let next = 0;
    let failed = 0;
    const at = new Date();
    await Promise.all(
      Array.from({ length: Math.min(TICK_PARALLELISM, ruleIds.length) }, async () => {
        while (next < ruleIds.length) {
          const ruleId = ruleIds[next++] as string;
          try {
            await evaluateRule(deps.evaluation, ruleId, at);
          } catch (error) {
            // One broken rule must not keep the others from being evaluated.
            failed++;
            deps.log.warn('alert rule evaluation failed', { ruleId, ...errorFields(error) });
          }
        }
      }),
    );
    if (ruleIds.length > 0) await deps.selfMetrics.observe('alert_evaluation', Date.now() - started);
    return { evaluated: ruleIds.length - failed, failed };
  }

  async function tick(): Promise<AlertEvaluationResult> {
    const rules = await runSql<{ id: string }>(em(), 'SELECT id FROM alert_rules WHERE enabled ORDER BY id', []);
    const result = await evaluateAll(rules.map((rule) => rule.id));
    for (const { id } of await runSql<{ id: string }>(em(), STALE_DELIVERY_SQL, [])) await deps.evaluation.enqueueWebhook(id);
    return result;
  }

  return async (job) => {
    const data = AlertEvaluationJob.parse(job.data);
    switch (data.kind) {
      case 'tick':
        return tick();
      case 'rule':
        return evaluateAll([data.ruleId]);
      case 'counters': {
        const rules = await runSql<{ id: string }>(em(), `SELECT id FROM alert_rules WHERE organization_id = $1 AND enabled AND source = 'counter'`, [data.organizationId]);
        return evaluateAll(rules.map((rule) => rule.id));
      }
    }
  };
}
