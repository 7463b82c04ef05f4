import { AlertActionInput, AlertCounts, AlertDetail, AlertList, AlertView, IdInput, ListAlertsInput } from '../../schemas/alerts.ts';
import { TenantInput } from '../../schemas/scope.ts';
import { adminTenantProcedure } from '../tenant-procedures.ts';
import { router } from '../trpc.ts';
import { alertRulesRouter } from './rules.router.ts';
import { silencesRouter } from './silences.router.ts';

/**
 * Alerts are an administration screen: ADMIN within their organization, SUPERADMIN in any.
 * Other users hear about alerts through their notifications only.
 */
export const alertsRouter = router({
  rules: alertRulesRouter,
  silences: silencesRouter,
  list: adminTenantProcedure
    .input(ListAlertsInput)
    .output(AlertList)
    .query(({ ctx, input }) => ctx.services.alerts.list(ctx.organizationId, input)),
  counts: adminTenantProcedure
    .input(TenantInput)
    .output(AlertCounts)
    .query(({ ctx }) => ctx.services.alerts.counts(ctx.organizationId)),
  /** The alert with its rule, its timeline and the watched value around it. */
  get: adminTenantProcedure
    .input(IdInput)
    .output(AlertDetail)
    .query(({ ctx, input }) => ctx.services.alerts.get(ctx.organizationId, input.id)),
  /** triggered → acknowledged (who, when, comment). */
  acknowledge: adminTenantProcedure
    .input(AlertActionInput)
    .output(AlertView)
    .mutation(({ ctx, input }) => ctx.services.alerts.acknowledge(ctx.actor, ctx.organizationId, input)),
  /** triggered or acknowledged → resolved by a person; if the condition still holds, a new alert follows after its duration. */
  resolve: adminTenantProcedure
    .input(AlertActionInput)
    .output(AlertView)
    .mutation(({ ctx, input }) => ctx.services.alerts.resolve(ctx.actor, ctx.organizationId, input)),
});
