import { WidgetPreviewInput, WidgetResult, WidgetsData, WidgetsDataInput } from '../schemas/widget-data.ts';
import { tenantProcedure } from './tenant-procedures.ts';
import { router } from './trpc.ts';

/**
 * Widget numbers, filtered by the caller's scope (OWNER and ADMIN the organization, LEADER
 * their branch, MANAGER their department). A dashboard id the caller may not see answers
 * NOT_FOUND; a widget that cannot be answered carries its own error, the others still answer.
 */
export const widgetsRouter = router({
  /** Every widget of a dashboard (or of a list of queries) in one call. */
  data: tenantProcedure
    .input(WidgetsDataInput)
    .output(WidgetsData)
    .query(({ ctx, input }) => ctx.services.widgets.data(ctx.actor, ctx.organizationId, input)),
  /** One unsaved widget's numbers (the editor's preview). */
  preview: tenantProcedure
    .input(WidgetPreviewInput)
    .output(WidgetResult)
    .query(({ ctx, input }) => ctx.services.widgets.preview(ctx.actor, ctx.organizationId, input)),
});
