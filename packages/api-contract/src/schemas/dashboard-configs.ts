import { z } from 'zod';
import { OrgRole } from './auth.ts';
import { TenantInput } from './scope.ts';
import { Widget, WIDGET_LIMITS } from './widgets.ts';

/**
 * Saved dashboards: the schema document's `dashboard_configs` (user, role, organization,
 * layout_config, widget_preferences, theme_settings, is_default) plus a name, a visibility, a
 * version for optimistic concurrency and a kept history. `widgetPreferences` holds the widgets
 * themselves; `layoutConfig` says where each one sits, per breakpoint.
 */
export const DASHBOARD_LIMITS = {
  maxNameLength: 120,
  maxNoteLength: 500,
  /** Versions kept per dashboard; older ones are deleted in the transaction that adds one. */
  keptVersions: 50,
  maxVersionsPage: 50,
  /** Dashboards one organization may hold (every visibility together). */
  maxDashboardsPerOrganization: 500,
  /** Rows of a 12-column grid an item may start on; far below any screen anyone scrolls. */
  maxGridRows: 500,
  maxItemHeight: 40,
} as const;

/** A react-grid-layout grid of 12 columns at every breakpoint. */
export const GRID_COLUMNS = 12;
export const BREAKPOINTS = ['lg', 'md', 'sm', 'xs'] as const;
export type Breakpoint = (typeof BREAKPOINTS)[number];

/** One widget's place: react-grid-layout's `{ i, x, y, w, h }` with `i` named `widgetId`. */
export const LayoutItem = z
  .strictObject({
    widgetId: z.string().min(1).max(WIDGET_LIMITS.maxWidgetIdLength),
    x: z.int().min(0).max(GRID_COLUMNS - 1),
    y: z.int().min(0).max(DASHBOARD_LIMITS.maxGridRows),
    w: z.int().min(1).max(GRID_COLUMNS),
    h: z.int().min(1).max(DASHBOARD_LIMITS.maxItemHeight),
  })
  .refine((item) => item.x + item.w <= GRID_COLUMNS, { path: ['w'], message: `x + w is at most ${GRID_COLUMNS} (the grid's columns)` });
export type LayoutItem = z.output<typeof LayoutItem>;

const breakpointItems = z.array(LayoutItem).max(WIDGET_LIMITS.maxWidgets);

/**
 * Places per breakpoint. `lg` places every widget; a smaller breakpoint left out is derived from
 * the next larger one by the grid (react-grid-layout does this), so an editor saves what it has.
 */
export const LayoutConfig = z.strictObject({
  lg: breakpointItems,
  md: breakpointItems.optional(),
  sm: breakpointItems.optional(),
  xs: breakpointItems.optional(),
});
export type LayoutConfig = z.output<typeof LayoutConfig>;

export const ThemeSettings = z.strictObject({
  mode: z.enum(['light', 'dark', 'system']).default('light'),
  primaryColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb')
    .default('#1976d2'),
});
export type ThemeSettings = z.output<typeof ThemeSettings>;

export const DASHBOARD_VISIBILITIES = ['private', 'organization', 'role'] as const;
/** private: its user; organization: everyone in it; role: users with that role, plus OWNER and the ADMINs. */
export const DashboardVisibility = z.enum(DASHBOARD_VISIBILITIES);
export type DashboardVisibility = z.output<typeof DashboardVisibility>;

const overlaps = (a: LayoutItem, b: LayoutItem) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * The issues of a dashboard's widgets and layout taken together (ids unique, placed, no overlap).
 * `widgetsField` names the widgets in the issues' paths (an exported document calls them `widgets`).
 */
export function contentIssues(content: { widgetPreferences: Widget[]; layoutConfig: LayoutConfig }, ctx: z.RefinementCtx, widgetsField = 'widgetPreferences'): void {
  const ids = new Set<string>();
  content.widgetPreferences.forEach((widget, index) => {
    if (ids.has(widget.id)) ctx.addIssue({ code: 'custom', path: [widgetsField, index, 'id'], message: `widget id ${widget.id} is used twice` });
    ids.add(widget.id);
  });
  for (const breakpoint of BREAKPOINTS) {
    const items = content.layoutConfig[breakpoint];
    if (!items) continue;
    const placed = new Set<string>();
    items.forEach((item, index) => {
      const path = ['layoutConfig', breakpoint, index];
      if (!ids.has(item.widgetId)) ctx.addIssue({ code: 'custom', path: [...path, 'widgetId'], message: `no widget has the id ${item.widgetId}` });
      if (placed.has(item.widgetId)) ctx.addIssue({ code: 'custom', path: [...path, 'widgetId'], message: `widget ${item.widgetId} is placed twice` });
      placed.add(item.widgetId);
      const other = items.slice(0, index).find((earlier) => overlaps(earlier, item));
      if (other) ctx.addIssue({ code: 'custom', path, message: `overlaps widget ${other.widgetId}` });
    });
    if (breakpoint === 'lg') {
      for (const id of ids) {
        if (!placed.has(id)) ctx.addIssue({ code: 'custom', path: ['layoutConfig', 'lg'], message: `widget ${id} has no place in lg` });
      }
    }
  }
}

const contentFields = {
  name: z.string().trim().min(1).max(DASHBOARD_LIMITS.maxNameLength),
  visibility: DashboardVisibility,
  /** The role that sees a `role` dashboard; null for the others. */
  role: OrgRole.nullable().default(null),
  layoutConfig: LayoutConfig,
  widgetPreferences: z.array(Widget).max(WIDGET_LIMITS.maxWidgets),
  themeSettings: ThemeSettings.default({ mode: 'light', primaryColor: '#1976d2' }),
};

function visibilityIssues(content: { visibility: DashboardVisibility; role: OrgRole | null }, ctx: z.RefinementCtx): void {
  if (content.visibility === 'role' && content.role === null) ctx.addIssue({ code: 'custom', path: ['role'], message: 'a role dashboard names its role' });
  if (content.visibility !== 'role' && content.role !== null) ctx.addIssue({ code: 'custom', path: ['role'], message: `a ${content.visibility} dashboard has no role` });
}

/** What a person edits: everything of a dashboard but its identity, version and bookkeeping. */
export const DashboardContent = z.strictObject(contentFields).superRefine((content, ctx) => {
  visibilityIssues(content, ctx);
  contentIssues(content, ctx);
});
export type DashboardContent = z.output<typeof DashboardContent>;
export type DashboardContentInput = z.input<typeof DashboardContent>;

/** The one dashboard nobody edits: what everyone opens when nothing else applies (a code constant, not a row). */
export const BUILT_IN_DASHBOARD_ID = '00000000-0000-0000-0000-000000000000';

export const Dashboard = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  /** The owner of a private dashboard; shared ones belong to the organization (null). */
  userId: z.uuid().nullable(),
  role: OrgRole.nullable(),
  name: z.string(),
  visibility: DashboardVisibility,
  layoutConfig: LayoutConfig,
  widgetPreferences: z.array(Widget),
  themeSettings: ThemeSettings,
  /** The default dashboard of `role` in this organization (seeded for every organization). */
  isDefault: z.boolean(),
  builtIn: z.boolean(),
  version: z.int(),
  /** Whether the caller may update, delete and restore it. */
  canEdit: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.uuid().nullable(),
});
export type Dashboard = z.output<typeof Dashboard>;

export const DashboardListItem = Dashboard.pick({
  id: true,
  userId: true,
  role: true,
  name: true,
  visibility: true,
  isDefault: true,
  builtIn: true,
  version: true,
  canEdit: true,
  updatedAt: true,
}).extend({ widgetCount: z.int(), isHome: z.boolean() });
export type DashboardListItem = z.output<typeof DashboardListItem>;

export const DashboardList = z.object({ items: z.array(DashboardListItem) });
export type DashboardList = z.output<typeof DashboardList>;

export const DashboardVersionItem = z.object({
  version: z.int(),
  createdAt: z.iso.datetime(),
  /** Who made it; null for what Pulse seeded, or a person since deleted. */
  createdBy: z.object({ userId: z.uuid(), name: z.string() }).nullable(),
  /** What changed, from the difference to the previous version ("2 widgets added: …; layout changed"). */
  summary: z.string(),
  /** The author's own words, if they gave any. */
  note: z.string().nullable(),
});
export type DashboardVersionItem = z.output<typeof DashboardVersionItem>;

export const DashboardVersionList = z.object({
  items: z.array(DashboardVersionItem),
  /** Pass as `beforeVersion` for the next (older) page; null at the oldest kept version. */
  nextBeforeVersion: z.int().nullable(),
});
export type DashboardVersionList = z.output<typeof DashboardVersionList>;

/** One kept version as it was saved (`dashboards.version`): its entry in the history and its content. */
export const DashboardVersionSnapshot = DashboardVersionItem.extend({
  dashboardId: z.uuid(),
  content: z.object({
    name: z.string(),
    visibility: DashboardVisibility,
    role: OrgRole.nullable(),
    layoutConfig: LayoutConfig,
    widgetPreferences: z.array(Widget),
    themeSettings: ThemeSettings,
  }),
});
export type DashboardVersionSnapshot = z.output<typeof DashboardVersionSnapshot>;

export const HOME_SOURCES = ['own', 'role_default', 'built_in'] as const;
export const DashboardHome = z.object({
  /** own: the user chose it; role_default: their role's default here; built_in: nothing else applied. */
  source: z.enum(HOME_SOURCES),
  dashboard: Dashboard,
});
export type DashboardHome = z.output<typeof DashboardHome>;

// --- inputs ---

const DashboardId = z.uuid();
const note = z.string().trim().max(DASHBOARD_LIMITS.maxNoteLength).optional();
const expectedVersion = z.int().min(1).max(2_147_483_647);

export const DashboardIdInput = TenantInput.extend({ id: DashboardId });
export type DashboardIdInput = z.output<typeof DashboardIdInput>;

export const CreateDashboardInput = TenantInput.extend({ ...contentFields, note })
  .strict()
  .superRefine((content, ctx) => {
    visibilityIssues(content, ctx);
    contentIssues(content, ctx);
  });
export type CreateDashboardInput = z.output<typeof CreateDashboardInput>;

/**
 * A change to a dashboard: the fields given replace the current ones, and the result is checked
 * whole (a layout must place the widgets that remain). `expectedVersion` is the version the
 * editor started from; if someone saved in between, the call fails with CONFLICT naming the
 * current version and nothing is written.
 */
export const UpdateDashboardInput = TenantInput.extend({
  id: DashboardId,
  expectedVersion,
  name: contentFields.name.optional(),
  visibility: DashboardVisibility.optional(),
  role: OrgRole.nullable().optional(),
  layoutConfig: LayoutConfig.optional(),
  widgetPreferences: contentFields.widgetPreferences.optional(),
  themeSettings: ThemeSettings.optional(),
  note,
}).strict();
export type UpdateDashboardInput = z.output<typeof UpdateDashboardInput>;

/** A private copy for the caller (of any dashboard they may see, the built-in one included). */
export const DuplicateDashboardInput = TenantInput.extend({ id: DashboardId, name: contentFields.name.optional() });
export type DuplicateDashboardInput = z.output<typeof DuplicateDashboardInput>;

export const DeleteDashboardInput = TenantInput.extend({ id: DashboardId, expectedVersion: expectedVersion.optional() });
export type DeleteDashboardInput = z.output<typeof DeleteDashboardInput>;

/** `id` null forgets the choice (the role's default applies again); the built-in id chooses the built-in. */
export const SetHomeInput = TenantInput.extend({ id: DashboardId.nullable() });
export type SetHomeInput = z.output<typeof SetHomeInput>;

export const DashboardVersionsInput = TenantInput.extend({
  id: DashboardId,
  limit: z.int().min(1).max(DASHBOARD_LIMITS.maxVersionsPage).default(20),
  beforeVersion: z.int().min(1).max(2_147_483_647).optional(),
});
export type DashboardVersionsInput = z.output<typeof DashboardVersionsInput>;

/** One kept version; NOT_FOUND for a version no longer kept, or a dashboard the caller may not see. */
export const DashboardVersionInput = TenantInput.extend({ dashboardId: DashboardId, version: z.int().min(1).max(2_147_483_647) }).strict();
export type DashboardVersionInput = z.output<typeof DashboardVersionInput>;

/** Copies an old version's content into a new version (the history only grows). */
export const RestoreDashboardInput = TenantInput.extend({ id: DashboardId, version: z.int().min(1).max(2_147_483_647), expectedVersion, note });
export type RestoreDashboardInput = z.output<typeof RestoreDashboardInput>;

export const DeletedDashboard = z.object({ deleted: z.literal(true) });
