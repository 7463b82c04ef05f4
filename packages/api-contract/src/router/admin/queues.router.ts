import { z } from 'zod';
import { FailedJob, FailedJobAction, FailedJobsInput, QueueList } from '../../schemas/admin.ts';
import { adminProcedure, router } from '../trpc.ts';
import { platformScope } from './platform-scope.ts';

/**
 * Jobs (their data, errors, retry and discard) are shown and acted on within the caller's scope
 * (`platformScope`). Depths and lag are the shared pipeline's numbers: they carry no job, id or
 * organization, and tell an ADMIN why their own data is late (docs/security.md).
 */
export const queuesRouter = router({
  list: adminProcedure.output(QueueList).query(({ ctx }) => ctx.services.admin.queues.list()),
  failed: adminProcedure
    .input(FailedJobsInput)
    .output(z.object({ jobs: z.array(FailedJob) }))
    .query(async ({ ctx, input }) => ({ jobs: await ctx.services.admin.queues.failed(platformScope(ctx.actor, input.organizationId), input.queue, input.limit) })),
  /** Puts a dead letter back in the queue; its processing is idempotent, so nothing is doubled. */
  retry: adminProcedure
    .input(FailedJobAction)
    .mutation(({ ctx, input }) => ctx.services.admin.queues.retry(platformScope(ctx.actor, undefined), input.queue, input.jobId, ctx.actor)),
  /** Removes a dead letter for good (it is written to the audit log). */
  discard: adminProcedure
    .input(FailedJobAction)
    .mutation(({ ctx, input }) => ctx.services.admin.queues.discard(platformScope(ctx.actor, undefined), input.queue, input.jobId, ctx.actor)),
});
