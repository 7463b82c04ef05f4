import { CreateShareInput, RevokeShareInput, ShareCreated, ShareList, ShareListInput, ShareView } from '../schemas/shares.ts';
import { tenantProcedure } from './tenant-procedures.ts';
import { router } from './trpc.ts';

/**
 * Public read-only links of a dashboard (`dashboards.shares`), for those who may edit it. The
 * token is answered once, by create; only its hash is kept.
 */
export const sharesRouter = router({
  create: tenantProcedure
    .input(CreateShareInput)
    .output(ShareCreated)
    .mutation(({ ctx, input }) => ctx.services.shares.create(ctx.actor, ctx.organizationId, input)),
  /** Every link of the dashboard, revoked and expired ones included, newest first. */
  list: tenantProcedure
    .input(ShareListInput)
    .output(ShareList)
    .query(({ ctx, input }) => ctx.services.shares.list(ctx.actor, ctx.organizationId, input)),
  /** Stops the link at once, on every API process (revoking twice answers the same). */
  revoke: tenantProcedure
    .input(RevokeShareInput)
    .output(ShareView)
    .mutation(({ ctx, input }) => ctx.services.shares.revoke(ctx.actor, ctx.organizationId, input)),
});
