import { router } from '../trpc.ts';
import { rebuildCounters } from './counters.procedures.ts';
import { aggregationRouter } from './aggregation.router.ts';
import { queuesRouter } from './queues.router.ts';

/**
 * Platform administration (ADMIN and SUPERADMIN only). One file per area beside this one;
 * each is mounted here.
 */
export const adminRouter = router({
  rebuildCounters,
  aggregation: aggregationRouter,
  queues: queuesRouter,
});
