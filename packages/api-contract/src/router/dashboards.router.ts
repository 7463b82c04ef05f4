import { DashboardSummary } from '../schemas/dashboards.ts';
import { tenantProcedure } from './tenant-procedures.ts';
import { router } from './trpc.ts';

export const dashboardsRouter = router({
  summary: tenantProcedure.output(DashboardSummary).query(({ ctx }) => ctx.services.dashboards.summary(ctx.organizationId)),
});
