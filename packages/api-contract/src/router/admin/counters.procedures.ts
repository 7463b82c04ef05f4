import { RebuildCountersResult } from '../../schemas/admin.ts';
import { adminTenantProcedure } from '../tenant-procedures.ts';

/** Recomputes the organization's live counters from Postgres (after Redis lost them). */
export const rebuildCounters = adminTenantProcedure
  .output(RebuildCountersResult)
  .mutation(({ ctx }) => ctx.services.admin.rebuildCounters(ctx.organizationId));
