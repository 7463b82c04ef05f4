import { AggregationStatus, TriggerAggregationInput, TriggerAggregationResult } from '../../schemas/metrics.ts';
import { adminProcedure, router } from '../trpc.ts';

/** The metric rollups (the document's aggregation endpoints). Runs roll every organization at once. */
export const aggregationRouter = router({
  status: adminProcedure.output(AggregationStatus).query(({ ctx }) => ctx.services.aggregation.status()),
  /** Runs the hourly or daily aggregation now (idempotent: a bucket rolled twice gives the same rows). */
  trigger: adminProcedure
    .input(TriggerAggregationInput)
    .output(TriggerAggregationResult)
    .mutation(({ ctx, input }) => ctx.services.aggregation.trigger(ctx.actor, input)),
});
