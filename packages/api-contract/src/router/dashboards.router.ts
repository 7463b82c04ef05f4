import {
  CreateDashboardInput,
  Dashboard,
  DashboardHome,
  DashboardIdInput,
  DashboardList,
  DashboardVersionInput,
  DashboardVersionList,
  DashboardVersionSnapshot,
  DashboardVersionsInput,
  DeleteDashboardInput,
  DeletedDashboard,
  DuplicateDashboardInput,
  RestoreDashboardInput,
  SetHomeInput,
  UpdateDashboardInput,
} from '../schemas/dashboard-configs.ts';
import { DashboardDocument, ExportDashboardInput, ImageExportInput, ImageExportRecorded, ImportDashboardInput, WidgetCsv, WidgetCsvInput } from '../schemas/dashboard-exports.ts';
import { DashboardSummary, Engagement, EngagementInput } from '../schemas/dashboards.ts';
import { sharesRouter } from './shares.router.ts';
import { TenantInput } from '../schemas/scope.ts';
import { tenantProcedure } from './tenant-procedures.ts';
import { router } from './trpc.ts';

/**
 * The live summary and engagement tables, and saved dashboards. A dashboard id of another
 * organization, or one the caller may not see, answers NOT_FOUND: every statement is filtered by
 * the checked organization and the caller's visibility.
 */
export const dashboardsRouter = router({
  summary: tenantProcedure.output(DashboardSummary).query(({ ctx }) => ctx.services.dashboards.summary(ctx.organizationId, ctx.actor)),
  /** Most active users and most viewed reports of a UTC day (from the pipeline's derived tables). */
  engagement: tenantProcedure
    .input(EngagementInput)
    .output(Engagement)
    .query(({ ctx, input }) => ctx.services.dashboards.engagement(ctx.organizationId, input, ctx.actor)),
  /** The dashboards the caller may see, the built-in one included, without their widgets. */
  list: tenantProcedure
    .input(TenantInput)
    .output(DashboardList)
    .query(({ ctx }) => ctx.services.dashboards.list(ctx.actor, ctx.organizationId)),
  get: tenantProcedure
    .input(DashboardIdInput)
    .output(Dashboard)
    .query(({ ctx, input }) => ctx.services.dashboards.get(ctx.actor, ctx.organizationId, input.id)),
  /** Version 1 of a new dashboard. Anyone may create a private one; OWNER and ADMIN shared ones. */
  create: tenantProcedure
    .input(CreateDashboardInput)
    .output(Dashboard)
    .mutation(({ ctx, input }) => ctx.services.dashboards.create(ctx.actor, ctx.organizationId, input)),
  /** A new version from `expectedVersion`; CONFLICT (naming the current version) if someone saved in between. */
  update: tenantProcedure
    .input(UpdateDashboardInput)
    .output(Dashboard)
    .mutation(({ ctx, input }) => ctx.services.dashboards.update(ctx.actor, ctx.organizationId, input)),
  duplicate: tenantProcedure
    .input(DuplicateDashboardInput)
    .output(Dashboard)
    .mutation(({ ctx, input }) => ctx.services.dashboards.duplicate(ctx.actor, ctx.organizationId, input)),
  /** Deletes the dashboard with its history; whoever had it as home falls back to their role's default. */
  delete: tenantProcedure
    .input(DeleteDashboardInput)
    .output(DeletedDashboard)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.dashboards.remove(ctx.actor, ctx.organizationId, input);
      return { deleted: true as const };
    }),
  /** Which dashboard opens first: the user's own choice, else their role's default here, else the built-in one. */
  home: tenantProcedure
    .input(TenantInput)
    .output(DashboardHome)
    .query(({ ctx }) => ctx.services.dashboards.home(ctx.actor, ctx.organizationId)),
  setHome: tenantProcedure
    .input(SetHomeInput)
    .output(DashboardHome)
    .mutation(({ ctx, input }) => ctx.services.dashboards.setHome(ctx.actor, ctx.organizationId, input)),
  /** Kept versions, newest first, paged with `beforeVersion`. */
  versions: tenantProcedure
    .input(DashboardVersionsInput)
    .output(DashboardVersionList)
    .query(({ ctx, input }) => ctx.services.dashboards.versions(ctx.actor, ctx.organizationId, input)),
  /** One kept version's content (the history's preview), with the same access rules as get. */
  version: tenantProcedure
    .input(DashboardVersionInput)
    .output(DashboardVersionSnapshot)
    .query(({ ctx, input }) => ctx.services.dashboards.version(ctx.actor, ctx.organizationId, input)),
  restore: tenantProcedure
    .input(RestoreDashboardInput)
    .output(Dashboard)
    .mutation(({ ctx, input }) => ctx.services.dashboards.restore(ctx.actor, ctx.organizationId, input)),
  /** A versioned JSON document of the dashboard: no ids of people or organization, no visibility, scope or links. */
  export: tenantProcedure
    .input(ExportDashboardInput)
    .output(DashboardDocument)
    .query(({ ctx, input }) => ctx.services.dashboards.export(ctx.actor, ctx.organizationId, input.dashboardId)),
  /** A new private dashboard of the caller from an exported document (validated whole). */
  import: tenantProcedure
    .input(ImportDashboardInput)
    .output(Dashboard)
    .mutation(({ ctx, input }) => ctx.services.dashboards.import(ctx.actor, ctx.organizationId, input)),
  /** One widget's numbers, exactly as widgets.data answers them for the caller, as CSV. Audited. */
  widgetCsv: tenantProcedure
    .input(WidgetCsvInput)
    .output(WidgetCsv)
    .query(({ ctx, input }) => ctx.services.dashboards.widgetCsv(ctx.actor, ctx.organizationId, input)),
  /** Records a PNG the browser drew of a widget or the dashboard (NOT_FOUND for one the caller cannot see). */
  recordImageExport: tenantProcedure
    .input(ImageExportInput)
    .output(ImageExportRecorded)
    .mutation(({ ctx, input }) => ctx.services.dashboards.recordImageExport(ctx.actor, ctx.organizationId, input)),
  shares: sharesRouter,
});
