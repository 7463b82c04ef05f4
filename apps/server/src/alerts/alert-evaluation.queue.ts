import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

export const ALERT_EVALUATION_QUEUE = 'alert-evaluation';

/**
 * tick: every enabled rule (the scheduler adds one per interval, so one worker takes each tick);
 * rule: one rule whose metric got samples; counters: an organization's counter rules after its
 * live counters moved.
 */
export const AlertEvaluationJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tick') }),
  z.object({ kind: z.literal('rule'), ruleId: z.uuid() }),
  z.object({ kind: z.literal('counters'), organizationId: z.uuid() }),
]);
export type AlertEvaluationJob = z.output<typeof AlertEvaluationJob>;

export const ALERT_EVALUATION_JOB_OPTIONS: DefaultJobOptions = {
  // A failed evaluation is not retried: the next tick evaluates again with fresher data.
  attempts: 1,
  removeOnComplete: { count: 100, age: 3600 },
  removeOnFail: { count: 1000, age: 86_400 },
};

const TICK_SCHEDULER = 'alert-evaluation-tick';

export function createAlertEvaluationQueue(connection: Redis, prefix: string) {
  const queue = new Queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE, { connection, prefix, defaultJobOptions: ALERT_EVALUATION_JOB_OPTIONS });
  // While an evaluation of the same rule (organization) waits, more triggers add nothing; one
  // that arrives while it runs is kept and runs after it, so the last change is always seen.
  const deduplicated = (id: string) => ({ deduplication: { id, keepLastIfActive: true } });
  return {
    queue,
    /** Registers the periodic tick (idempotent: every process may call it at start). */
    async schedule(intervalMs: number): Promise<void> {
      await queue.upsertJobScheduler(TICK_SCHEDULER, { every: intervalMs }, { name: 'tick', data: { kind: 'tick' } });
    },
    async rules(ruleIds: string[]): Promise<void> {
      if (ruleIds.length === 0) return;
      await queue.addBulk(ruleIds.map((ruleId) => ({ name: 'rule', data: { kind: 'rule' as const, ruleId }, opts: deduplicated(`rule:${ruleId}`) })));
    },
    async counters(organizationId: string): Promise<void> {
      await queue.add('counters', { kind: 'counters', organizationId }, deduplicated(`counters:${organizationId}`));
    },
    close: () => queue.close(),
  };
}

export type AlertEvaluationQueue = ReturnType<typeof createAlertEvaluationQueue>;
