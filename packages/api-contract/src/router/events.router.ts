import { IngestBatchInput, IngestResult } from '../schemas/events.ts';
import { RecentEvents, RecentEventsInput } from '../schemas/dashboards.ts';
import { tenantProcedure, tenantSenderProcedure } from './tenant-procedures.ts';
import { router } from './trpc.ts';

export const eventsRouter = router({
  /** Answers once the batch is durably queued; persistence and counting follow. */
  ingest: tenantSenderProcedure
    .input(IngestBatchInput)
    .output(IngestResult)
    .mutation(({ ctx, input }) => ctx.services.events.ingest(ctx.organizationId, input.events)),
  recent: tenantProcedure
    .input(RecentEventsInput)
    .output(RecentEvents)
    .query(async ({ ctx, input }) => ({ events: await ctx.services.events.recent(ctx.organizationId, input.limit, ctx.actor) })),
});
