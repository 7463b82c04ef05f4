import { z } from 'zod';
import { contentIssues, DASHBOARD_LIMITS, LayoutConfig, ThemeSettings } from './dashboard-configs.ts';
import { TenantInput } from './scope.ts';
import { DashboardOverrides } from './widget-data.ts';
import { Widget, WidgetId, WIDGET_LIMITS } from './widgets.ts';

export const DASHBOARD_DOCUMENT_FORMAT = 'pulse.dashboard';
export const DASHBOARD_DOCUMENT_VERSION = 1;

/**
 * A dashboard as a file: what it shows and how, nothing of who made it, who sees it or where it
 * came from (no user, organization or share, no visibility or scope). Importing one makes a new
 * private dashboard of the importer; the version lets later formats read older files.
 */
export const DashboardDocument = z
  .strictObject({
    format: z.literal(DASHBOARD_DOCUMENT_FORMAT),
    version: z.literal(DASHBOARD_DOCUMENT_VERSION),
    name: z.string().trim().min(1).max(DASHBOARD_LIMITS.maxNameLength),
    /** Pulse dashboards have no description yet: exported as null, accepted and not kept on import. */
    description: z.string().max(DASHBOARD_LIMITS.maxNoteLength).nullable().default(null),
    widgets: z.array(Widget).max(WIDGET_LIMITS.maxWidgets),
    layoutConfig: LayoutConfig,
    themeSettings: ThemeSettings.default({ mode: 'light', primaryColor: '#1976d2' }),
  })
  .superRefine((document, ctx) => contentIssues({ widgetPreferences: document.widgets, layoutConfig: document.layoutConfig }, ctx, 'widgets'));
export type DashboardDocument = z.output<typeof DashboardDocument>;
export type DashboardDocumentInput = z.input<typeof DashboardDocument>;

export const ExportDashboardInput = TenantInput.extend({ dashboardId: z.uuid() }).strict();
export type ExportDashboardInput = z.output<typeof ExportDashboardInput>;

export const ImportDashboardInput = TenantInput.extend({
  document: DashboardDocument,
  /** Replaces the document's name. */
  name: z.string().trim().min(1).max(DASHBOARD_LIMITS.maxNameLength).optional(),
}).strict();
export type ImportDashboardInput = z.output<typeof ImportDashboardInput>;

/** One widget of a saved dashboard, with the dashboard's time picker applied as widgets.data applies it. */
export const WidgetCsvInput = TenantInput.extend({
  dashboardId: z.uuid(),
  widgetId: WidgetId,
  /** The view's time range, comparison and drill-down filters, so the file holds the numbers shown. */
  ...DashboardOverrides.shape,
}).strict();
export type WidgetCsvInput = z.output<typeof WidgetCsvInput>;

/** The widget's numbers as CSV (RFC 4180, formula-safe), and a file name saying what they cover. */
export const WidgetCsv = z.object({
  filename: z.string(),
  contentType: z.literal('text/csv; charset=utf-8'),
  csv: z.string(),
  rowCount: z.int(),
});
export type WidgetCsv = z.output<typeof WidgetCsv>;

/**
 * A picture of what the browser shows (a widget's card or the whole dashboard as PNG). The
 * browser draws it and the file never reaches the server; the export is recorded in the audit
 * log before the file is offered, like every other export.
 */
export const ImageExportInput = TenantInput.extend({
  dashboardId: z.uuid(),
  /** The widget drawn; absent for the whole dashboard. */
  widgetId: WidgetId.optional(),
  format: z.literal('png'),
}).strict();
export type ImageExportInput = z.output<typeof ImageExportInput>;
export const ImageExportRecorded = z.object({ recorded: z.literal(true) });
export type ImageExportRecorded = z.output<typeof ImageExportRecorded>;
