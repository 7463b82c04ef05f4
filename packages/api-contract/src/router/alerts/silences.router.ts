import { CreateSilenceInput, IdInput, ListSilencesInput, SilenceList, SilenceView } from '../../schemas/alerts.ts';
import { adminTenantProcedure } from '../tenant-procedures.ts';
import { router } from '../trpc.ts';

export const silencesRouter = router({
  list: adminTenantProcedure
    .input(ListSilencesInput)
    .output(SilenceList)
    .query(async ({ ctx, input }) => ({ items: await ctx.services.alerts.silences.list(ctx.organizationId, input) })),
  create: adminTenantProcedure
    .input(CreateSilenceInput)
    .output(SilenceView)
    .mutation(({ ctx, input }) => ctx.services.alerts.silences.create(ctx.actor, ctx.organizationId, input)),
  /** Ends the silence now. */
  expire: adminTenantProcedure
    .input(IdInput)
    .output(SilenceView)
    .mutation(({ ctx, input }) => ctx.services.alerts.silences.expire(ctx.actor, ctx.organizationId, input.id)),
});
