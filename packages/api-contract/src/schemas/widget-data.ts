import { z } from 'zod';
import { TenantInput } from './scope.ts';
import { COMPARE_MODES, EventPropertyName, EventTypeName, TimeRange, WidgetId, WidgetQuery, WIDGET_LIMITS } from './widgets.ts';

/**
 * What `widgets.data` answers for one widget, by the shape of its query (see queryShape):
 * one number, a series over time, categories, a grid (hour of day × ISO weekday) or table rows.
 */
const Point = z.object({ t: z.iso.datetime(), value: z.number().nullable() });
export const WidgetData = z.discriminatedUnion('shape', [
  z.object({ shape: z.literal('scalar'), value: z.number().nullable() }),
  z.object({ shape: z.literal('series'), points: z.array(Point) }),
  z.object({ shape: z.literal('categories'), items: z.array(z.object({ key: z.string(), label: z.string(), value: z.number().nullable() })) }),
  /** x: hour of day 0-23 (UTC), y: ISO weekday 1 (Monday) to 7. */
  z.object({ shape: z.literal('grid'), cells: z.array(z.object({ x: z.int(), y: z.int(), value: z.number() })) }),
  z.object({ shape: z.literal('rows'), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))) }),
]);
export type WidgetData = z.output<typeof WidgetData>;

/**
 * Why a widget's numbers may be behind (degraded mode): `redis_unavailable`, they were read from
 * the Postgres rollups while Redis (the queues and live counters) is away, so nothing new was
 * counted since the outage began; `postgres_unavailable`, they are the last answer cached
 * before Postgres went away, as of their `asOf`.
 */
export const STALE_REASONS = ['redis_unavailable', 'postgres_unavailable'] as const;
export const StaleReason = z.enum(STALE_REASONS);
export type StaleReason = z.output<typeof StaleReason>;
export const Staleness = z.object({
  reason: StaleReason,
  /** When this API process first found the dependency away. */
  since: z.iso.datetime(),
});
export type Staleness = z.output<typeof Staleness>;

export const WidgetResult = z.object({
  widgetId: z.string(),
  /** When the numbers were read: everything the pipeline had counted by then is in them. */
  asOf: z.iso.datetime(),
  /** The range the numbers cover (null for the live counters, which have their own windows). */
  range: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }).nullable(),
  /** Null when the widget could not be answered (see error); the other widgets still are. */
  data: WidgetData.nullable(),
  /** The previous period, when the query asks for it. */
  compare: WidgetData.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /**
   * Null for numbers read now. Set when a dependency is away and these numbers are the best
   * there is (see Staleness); a widget with no such numbers has data null and error
   * `UNAVAILABLE` instead.
   */
  stale: Staleness.nullable(),
  /**
   * Only when the call carried drill-down `filters`: true when these numbers are narrowed by
   * them, false when the widget's source has no such dimension (metrics, report rankings) and
   * its numbers are the unfiltered ones (the UI says "this widget ignores the filter").
   */
  filtered: z.boolean().optional(),
});
export type WidgetResult = z.output<typeof WidgetResult>;

export const WidgetsData = z.object({
  asOf: z.iso.datetime(),
  /** The organization's data version these numbers include (what `live.dashboard` resumes from). */
  version: z.int(),
  widgets: z.array(WidgetResult),
});
export type WidgetsData = z.output<typeof WidgetsData>;

/**
 * A drill-down filter: one value of what a chart was split by, applied to the whole dashboard
 * (the `filters` override). `branch` and `department` take an id, or `none` for the events of
 * nobody's branch or department (the "Unassigned" slice). `user` is a user id as the viewer
 * sees it. `hour_of_week` is a heatmap cell: ISO weekday (1 = Monday) and hour of day, UTC, as
 * grids are answered. docs/api.md ("Drill-down filters") says what each source does with them.
 */
const filterId = z.string().min(1).max(WIDGET_LIMITS.maxFilterValueLength);
export const DrillFilter = z.discriminatedUnion('dimension', [
  z.strictObject({ dimension: z.literal('event_type'), value: EventTypeName }),
  z.strictObject({ dimension: z.literal('property'), property: EventPropertyName, value: z.string().max(WIDGET_LIMITS.maxFilterValueLength) }),
  z.strictObject({ dimension: z.literal('user'), value: filterId }),
  z.strictObject({ dimension: z.literal('branch'), value: z.union([z.uuid(), z.literal('none')]) }),
  z.strictObject({ dimension: z.literal('department'), value: z.union([z.uuid(), z.literal('none')]) }),
  z.strictObject({ dimension: z.literal('hour_of_week'), weekday: z.int().min(1).max(7), hour: z.int().min(0).max(23) }),
]);
export type DrillFilter = z.output<typeof DrillFilter>;

/** At most as many as a widget's own filters: each one is a condition on every query. */
export const MAX_DRILL_FILTERS = WIDGET_LIMITS.maxFilters;

const WidgetQueryItem = z.strictObject({ id: WidgetId, query: WidgetQuery });
const overrides = {
  /** Replaces every widget's time range (counters keep their own windows). */
  timeRange: TimeRange.optional(),
  /** Replaces every widget's comparison. */
  compare: z.enum(COMPARE_MODES).nullable().optional(),
  /** Drill-down filters, all ANDed with each widget's own filters, always inside the viewer's scope. */
  filters: z.array(DrillFilter).max(MAX_DRILL_FILTERS).optional(),
};
/** The dashboard-wide overrides as every read takes them (widgets.data, live.dashboard, public links). */
export const DashboardOverrides = z.strictObject(overrides);
export type DashboardOverrides = z.output<typeof DashboardOverrides>;

/** A saved dashboard's widgets (`dashboardId`), or a list of queries (`widgets`): exactly one of them. */
export const WidgetsDataInput = TenantInput.extend({
  dashboardId: z.uuid().optional(),
  widgets: z.array(WidgetQueryItem).min(1).max(WIDGET_LIMITS.maxWidgets).optional(),
  ...overrides,
})
  .strict()
  .superRefine((input, ctx) => {
    if ((input.dashboardId === undefined) === (input.widgets === undefined)) ctx.addIssue({ code: 'custom', path: ['dashboardId'], message: 'name a dashboardId or give widgets, not both' });
  });
export type WidgetsDataInput = z.output<typeof WidgetsDataInput>;

/** One unsaved widget's query (the editor's live preview). */
export const WidgetPreviewInput = TenantInput.extend({ query: WidgetQuery, ...overrides }).strict();
export type WidgetPreviewInput = z.output<typeof WidgetPreviewInput>;

/**
 * `lastEventId` is filled in by tRPC on reconnect: the data version the client last saw. The
 * overrides are widgets.data's; an absolute `timeRange` that has ended is still (see docs/api.md).
 */
export const LiveDashboardInput = TenantInput.extend({ dashboardId: z.uuid(), lastEventId: z.string().max(64).nullish(), ...overrides });
export type LiveDashboardInput = z.output<typeof LiveDashboardInput>;

/** The widgets whose numbers changed (all of them in the first update after (re)connecting). */
export const DashboardUpdate = z.object({ version: z.int(), widgets: z.array(WidgetResult) });
export type DashboardUpdate = z.output<typeof DashboardUpdate>;
