import { AggregationStatus, AggregationStatusInput, TriggerAggregationInput, TriggerAggregationResult } from '../../schemas/metrics.ts';
import { adminProcedure, router } from '../trpc.ts';
import { platformScope } from './platform-scope.ts';

/**
 * The metric rollups (the document's aggregation endpoints). A SUPERADMIN sees and runs the
 * platform's rollups (every organization); an ADMIN sees their organization's runs and failures
 * and runs rollups of their organization only (docs/security.md).
 */
export const aggregationRouter = router({
  status: adminProcedure
    .input(AggregationStatusInput)
    .output(AggregationStatus)
    .query(({ ctx, input }) => ctx.services.aggregation.status(platformScope(ctx.actor, input?.organizationId))),
  /** Runs the hourly or daily aggregation now (idempotent: a bucket rolled twice gives the same rows). */
  trigger: adminProcedure
    .input(TriggerAggregationInput)
    .output(TriggerAggregationResult)
    .mutation(({ ctx, input }) => ctx.services.aggregation.trigger(ctx.actor, platformScope(ctx.actor, input.organizationId), input)),
});
