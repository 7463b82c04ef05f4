import { DashboardSummary, Engagement, EngagementInput } from '../schemas/dashboards.ts';
import { tenantProcedure } from './tenant-procedures.ts';
import { router } from './trpc.ts';

export const dashboardsRouter = router({
  summary: tenantProcedure.output(DashboardSummary).query(({ ctx }) => ctx.services.dashboards.summary(ctx.organizationId)),
  /** Most active users and most viewed reports of a UTC day (from the pipeline's derived tables). */
  engagement: tenantProcedure
    .input(EngagementInput)
    .output(Engagement)
    .query(({ ctx, input }) => ctx.services.dashboards.engagement(ctx.organizationId, input)),
});
