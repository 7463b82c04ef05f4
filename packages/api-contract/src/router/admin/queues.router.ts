import { z } from 'zod';
import { FailedJob, FailedJobAction, FailedJobsInput, QueueList } from '../../schemas/admin.ts';
import type { UserActor } from '../../schemas/auth.ts';
import { resolveOrganization } from '../tenant.ts';
import { adminProcedure, router } from '../trpc.ts';

/**
 * Whose jobs a call may see: a SUPERADMIN every organization's (null) unless they name one,
 * an ADMIN only their own. Depths are platform-wide numbers and carry no tenant data.
 */
function jobScope(actor: UserActor, organizationId: string | undefined): string | null {
  if (actor.platformRole === 'SUPERADMIN' && organizationId === undefined) return null;
  return resolveOrganization(actor, organizationId);
}

export const queuesRouter = router({
  list: adminProcedure.output(QueueList).query(({ ctx }) => ctx.services.admin.queues.list()),
  failed: adminProcedure
    .input(FailedJobsInput)
    .output(z.object({ jobs: z.array(FailedJob) }))
    .query(async ({ ctx, input }) => ({ jobs: await ctx.services.admin.queues.failed(jobScope(ctx.actor, input.organizationId), input.queue, input.limit) })),
  /** Puts a dead letter back in the queue; its processing is idempotent, so nothing is doubled. */
  retry: adminProcedure
    .input(FailedJobAction)
    .mutation(({ ctx, input }) => ctx.services.admin.queues.retry(jobScope(ctx.actor, undefined), input.queue, input.jobId, ctx.actor)),
  /** Removes a dead letter for good (it is written to the audit log). */
  discard: adminProcedure
    .input(FailedJobAction)
    .mutation(({ ctx, input }) => ctx.services.admin.queues.discard(jobScope(ctx.actor, undefined), input.queue, input.jobId, ctx.actor)),
});
