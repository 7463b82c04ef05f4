import { WidgetsData } from '../schemas/widget-data.ts';
import { PublicDashboard, PublicShareInput, PublicWidgetsInput } from '../schemas/shares.ts';
import { publicShareProcedure } from './share-procedures.ts';
import { router } from './trpc.ts';

/**
 * What a public link shows, without signing in (`live.publicDashboard` keeps it live). The
 * numbers are the sharer's scope at most, user ids are pseudonymised per link, and no answer
 * holds an id of a person or of the organization, an address or a user agent.
 */
export const publicRouter = router({
  dashboard: publicShareProcedure
    .input(PublicShareInput)
    .output(PublicDashboard)
    .query(({ ctx }) => ctx.services.shares.dashboard(ctx.share, { address: ctx.clientAddress ?? null })),
  widgets: publicShareProcedure
    .input(PublicWidgetsInput)
    .output(WidgetsData)
    .query(({ ctx, input }) => ctx.services.shares.widgets(ctx.share, input)),
});
