import type { Job, Queue } from 'bullmq';
import { NotFoundError } from '@pulse/api-contract/errors';
import { AuditLog, type MikroORM } from '@pulse/db';
import type { FailedJob, QueueDepth, UserActor } from '@pulse/api-contract/schemas';

/** Failed jobs read per call before filtering by organization. */
const FAILED_SCAN = 1000;

const organizationOf = (job: Job): string | null => {
  const data: unknown = job.data;
  const id = data && typeof data === 'object' && 'organizationId' in data ? data.organizationId : null;
  return typeof id === 'string' ? id : null;
};

/**
 * `admin.queues`: depths and lag of every queue, and the dead letters (jobs that used up their
 * attempts) with their error, to retry or discard. An ADMIN sees and acts on the jobs of their
 * own organization only; a job outside the caller's scope is answered as not found.
 */
export function createQueueAdmin(queues: Queue[], orm: MikroORM) {
  const byName = new Map(queues.map((queue) => [queue.name, queue]));

  function queueNamed(name: string): Queue {
    const queue = byName.get(name);
    if (!queue) throw new NotFoundError(`No queue "${name}". Known: ${[...byName.keys()].join(', ')}.`);
    return queue;
  }

  async function failedJobInScope(organizationId: string | null, queueName: string, jobId: string): Promise<Job> {
    const job = await queueNamed(queueName).getJob(jobId);
    const inScope = job && (organizationId === null || organizationOf(job) === organizationId);
    if (!job || !inScope || !(await job.isFailed())) {
      throw new NotFoundError(`No failed job ${jobId} in ${queueName} that you may see.`);
    }
    return job;
  }

  async function audit(actor: UserActor, action: string, queueName: string, job: Job) {
    const em = orm.em.fork();
    em.create(AuditLog, {
      organizationId: organizationOf(job) ?? actor.organizationId,
      actorUserId: actor.userId,
      action,
      targetType: 'queue-job',
      targetId: `${queueName}/${job.id}`,
      details: { failedReason: job.failedReason, attemptsMade: job.attemptsMade },
    });
    await em.flush();
  }

  return {
    async list(): Promise<{ queues: QueueDepth[] }> {
      const depths = await Promise.all(
        queues.map(async (queue): Promise<QueueDepth> => {
          const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
          const [oldest] = await queue.getJobs(['waiting', 'prioritized'], 0, 0, true);
          return {
            name: queue.name,
            waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
            active: counts.active ?? 0,
            delayed: counts.delayed ?? 0,
            failed: counts.failed ?? 0,
            completed: counts.completed ?? 0,
            lagMs: oldest ? Math.max(0, Date.now() - oldest.timestamp) : null,
          };
        }),
      );
      return { queues: depths };
    },

    async failed(organizationId: string | null, queueName: string, limit: number): Promise<FailedJob[]> {
      const jobs = await queueNamed(queueName).getFailed(0, FAILED_SCAN - 1);
      return jobs
        .filter((job) => organizationId === null || organizationOf(job) === organizationId)
        .slice(0, limit)
        .map((job) => ({
          id: String(job.id),
          name: job.name,
          organizationId: organizationOf(job),
          failedReason: job.failedReason ?? '',
          attemptsMade: job.attemptsMade,
          failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        }));
    },

    async retry(organizationId: string | null, queueName: string, jobId: string, actor: UserActor) {
      const job = await failedJobInScope(organizationId, queueName, jobId);
      await job.retry('failed');
      await audit(actor, 'queue.job.retry', queueName, job);
      return { ok: true as const };
    },

    async discard(organizationId: string | null, queueName: string, jobId: string, actor: UserActor) {
      const job = await failedJobInScope(organizationId, queueName, jobId);
      await job.remove();
      await audit(actor, 'queue.job.discard', queueName, job);
      return { ok: true as const };
    },
  };
}
