import { type JobType, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { PIPELINE_QUEUES } from './pulse-internals.ts';

/** Job states in which a batch still has work ahead of it in some pipeline step. */
export const PENDING_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const satisfies readonly JobType[];

/**
 * Read-only handles on every pipeline queue of one Pulse (its Redis prefix), to watch them
 * drain: all steps have applied every batch once no job is pending in any of them.
 */
export function watchPipelineQueues(connection: Redis, prefix: string) {
  const queues = PIPELINE_QUEUES.map((name) => new Queue(name, { connection, prefix }));
  /** Jobs per state, summed over all pipeline queues. */
  const jobCounts = async (states: readonly JobType[]): Promise<Record<string, number>> => {
    const sums: Record<string, number> = {};
    for (const counts of await Promise.all(queues.map((queue) => queue.getJobCounts(...states)))) {
      for (const [state, n] of Object.entries(counts)) sums[state] = (sums[state] ?? 0) + n;
    }
    return sums;
  };
  return {
    jobCounts,
    /** Jobs not yet finished in any pipeline queue (0: every step has applied every batch). */
    pending: async (): Promise<number> => Object.values(await jobCounts(PENDING_STATES)).reduce((sum, n) => sum + n, 0),
    close: () => Promise.all(queues.map((queue) => queue.close())).then(() => undefined),
  };
}
