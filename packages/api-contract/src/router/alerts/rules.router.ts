import {
  AlertRuleList,
  AlertRuleView,
  CreateAlertRuleInput,
  IdInput,
  ListAlertRulesInput,
  RulePreview,
  RulePreviewInput,
  SetRuleEnabledInput,
  UpdateAlertRuleInput,
} from '../../schemas/alerts.ts';
import { adminTenantProcedure } from '../tenant-procedures.ts';
import { router } from '../trpc.ts';

/** Alert rules: ADMIN within their organization, SUPERADMIN in any; every change is audited. */
export const alertRulesRouter = router({
  list: adminTenantProcedure
    .input(ListAlertRulesInput)
    .output(AlertRuleList)
    .query(async ({ ctx, input }) => ({ rules: await ctx.services.alerts.rules.list(ctx.organizationId, input) })),
  get: adminTenantProcedure
    .input(IdInput)
    .output(AlertRuleView)
    .query(({ ctx, input }) => ctx.services.alerts.rules.get(ctx.organizationId, input.id)),
  create: adminTenantProcedure
    .input(CreateAlertRuleInput)
    .output(AlertRuleView)
    .mutation(({ ctx, input }) => ctx.services.alerts.rules.create(ctx.actor, ctx.organizationId, input)),
  update: adminTenantProcedure
    .input(UpdateAlertRuleInput)
    .output(AlertRuleView)
    .mutation(({ ctx, input }) => ctx.services.alerts.rules.update(ctx.actor, ctx.organizationId, input)),
  setEnabled: adminTenantProcedure
    .input(SetRuleEnabledInput)
    .output(AlertRuleView)
    .mutation(({ ctx, input }) => ctx.services.alerts.rules.setEnabled(ctx.actor, ctx.organizationId, input.id, input.enabled)),
  /** Deletes the rule with its alerts (the audit log keeps the record). */
  delete: adminTenantProcedure
    .input(IdInput)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.alerts.rules.remove(ctx.actor, ctx.organizationId, input.id);
      return { deleted: true as const };
    }),
  /** A draft's watched value now against each threshold, with its recent history. */
  preview: adminTenantProcedure
    .input(RulePreviewInput)
    .output(RulePreview)
    .query(({ ctx, input }) => ctx.services.alerts.rules.preview(ctx.organizationId, input)),
});
