import { z } from 'zod';
import { CUSTOM_EVENT_TYPE, BUILT_IN_EVENT_TYPES } from './events.ts';
import { MetricAggregation, MetricLabels, MetricName } from './metrics.ts';

/**
 * Widget limits, part of the contract so an editor can check before saving. Every string, list
 * and number of a widget is bounded: a dashboard is a document read on every page load.
 */
export const WIDGET_LIMITS = {
  maxWidgets: 50,
  maxTitleLength: 120,
  maxDescriptionLength: 500,
  /** Widget ids are the dashboard's own (the layout refers to them), not database ids. */
  maxWidgetIdLength: 64,
  maxFilters: 20,
  maxFilterValues: 50,
  maxFilterValueLength: 200,
  maxPropertyNameLength: 100,
  maxEventTypes: 20,
  maxThresholds: 10,
  maxUnitLength: 20,
  maxRows: 100,
  /** Any number in options (target, thresholds, min, max). Far beyond any count, far below 1e308. */
  maxAbsNumber: 1e15,
  /** An absolute time range covers at most this (the accepted events' window, and a year of rollups). */
  maxRangeMs: 366 * 86_400_000,
} as const;

export const WIDGET_TYPES = [
  'metric_card',
  'line_chart',
  'bar_chart',
  'pie_chart',
  'table',
  'gauge',
  'progress_bar',
  'sparkline',
  'heatmap',
  'kpi_card',
] as const;
export const WidgetType = z.enum(WIDGET_TYPES);
export type WidgetType = z.output<typeof WidgetType>;

const boundedNumber = z.number().min(-WIDGET_LIMITS.maxAbsNumber).max(WIDGET_LIMITS.maxAbsNumber);
export const WidgetId = z
  .string()
  .min(1)
  .max(WIDGET_LIMITS.maxWidgetIdLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'a widget id is letters, digits, _ and -');
/** A property of an event (`durationMs`, `route`); dots reach into nested objects (`page.path`). */
export const EventPropertyName = z
  .string()
  .min(1)
  .max(WIDGET_LIMITS.maxPropertyNameLength)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'a property name is identifiers separated by dots');
/** A built-in event type or a `custom.` one, as ingest accepts them. */
export const EventTypeName = z
  .string()
  .max(WIDGET_LIMITS.maxFilterValueLength)
  .refine((type) => (BUILT_IN_EVENT_TYPES as string[]).includes(type) || CUSTOM_EVENT_TYPE.test(type), 'a built-in event type or custom.<name>');

// --- time ---

export const RELATIVE_RANGES = ['last_15m', 'last_1h', 'last_24h', 'last_7d', 'last_30d', 'today', 'this_week'] as const;
export const TimeRange = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('relative'), range: z.enum(RELATIVE_RANGES) }),
  z
    .strictObject({ kind: z.literal('absolute'), from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
    .superRefine((range, ctx) => {
      const from = Date.parse(range.from);
      const to = Date.parse(range.to);
      if (to <= from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is after from' });
      if (to - from > WIDGET_LIMITS.maxRangeMs) ctx.addIssue({ code: 'custom', path: ['to'], message: 'an absolute range covers at most 366 days' });
    }),
]);
export type TimeRange = z.output<typeof TimeRange>;

export const TIME_BUCKETS = ['minute', 'hour', 'day', 'week'] as const;
export const TimeBucket = z.enum(TIME_BUCKETS);

/**
 * What the numbers are split by. `hour_of_week` is the heatmap's two dimensions: hour of day (0-23)
 * × weekday (ISO, 1 = Monday), UTC. Branch and department are the organization's own.
 */
export const ActivityGroupBy = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('none') }),
  z.strictObject({ by: z.literal('time'), bucket: TimeBucket }),
  z.strictObject({ by: z.literal('event_type') }),
  z.strictObject({ by: z.literal('property'), property: EventPropertyName }),
  z.strictObject({ by: z.literal('user') }),
  z.strictObject({ by: z.literal('branch') }),
  z.strictObject({ by: z.literal('department') }),
  z.strictObject({ by: z.literal('hour_of_week') }),
]);
export type ActivityGroupBy = z.output<typeof ActivityGroupBy>;

export const MetricGroupBy = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('none') }),
  z.strictObject({ by: z.literal('time'), bucket: TimeBucket }),
  z.strictObject({ by: z.literal('label'), label: z.string().min(1).max(64) }),
]);
export type MetricGroupBy = z.output<typeof MetricGroupBy>;

// --- activity ---

export const NUMERIC_AGGREGATIONS = ['sum', 'avg', 'p50', 'p95', 'p99'] as const;
export const ActivityMeasure = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('count') }),
  z.strictObject({ kind: z.literal('distinct_users') }),
  /** Of a numeric property (`durationMs` of API_CALL); events without it are left out. */
  z.strictObject({ kind: z.enum(NUMERIC_AGGREGATIONS), property: EventPropertyName }),
]);
export type ActivityMeasure = z.output<typeof ActivityMeasure>;

export const PropertyFilter = z.strictObject({
  property: EventPropertyName,
  op: z.enum(['eq', 'neq']),
  /** Any of these (eq) or none of these (neq); numbers and booleans compare as their JSON text. */
  values: z.array(z.string().max(WIDGET_LIMITS.maxFilterValueLength)).min(1).max(WIDGET_LIMITS.maxFilterValues),
});
export type PropertyFilter = z.output<typeof PropertyFilter>;

export const ActivityFilters = z.strictObject({
  eventTypes: z.array(EventTypeName).max(WIDGET_LIMITS.maxEventTypes).optional(),
  properties: z.array(PropertyFilter).max(WIDGET_LIMITS.maxFilters).optional(),
});
export type ActivityFilters = z.output<typeof ActivityFilters>;

export const COMPARE_MODES = ['previous_period'] as const;
const compare = z.enum(COMPARE_MODES).nullable().default(null);

// --- the five sources ---

export const ActivityQuery = z.strictObject({
  source: z.literal('activity'),
  measure: ActivityMeasure,
  groupBy: ActivityGroupBy.default({ by: 'none' }),
  filters: ActivityFilters.default({}),
  timeRange: TimeRange,
  compare,
  /** Categories kept when grouped by event type, property or user (largest first). */
  limit: z.int().min(1).max(WIDGET_LIMITS.maxRows).default(10),
});

export const MetricsQuery = z.strictObject({
  source: z.literal('metrics'),
  metricName: MetricName,
  aggregation: MetricAggregation,
  labels: MetricLabels.optional(),
  groupBy: MetricGroupBy.default({ by: 'none' }),
  timeRange: TimeRange,
  compare,
  limit: z.int().min(1).max(WIDGET_LIMITS.maxRows).default(10),
});

/**
 * The live counters (Redis, counted by the pipeline as events arrive). Each has its own fixed
 * window, so a counter query has no time range and no previous period.
 */
export const LIVE_COUNTER_NAMES = [
  'active_users',
  'api_calls_per_minute',
  'logins_per_hour',
  'logouts_per_hour',
  'products_created_today',
  'events_today',
  'events_per_minute',
  'events_by_type_today',
] as const;
export const LiveCounterName = z.enum(LIVE_COUNTER_NAMES);
export type LiveCounterName = z.output<typeof LiveCounterName>;
/** `events_per_minute` is the last 60 minutes, `events_by_type_today` one number per type; the others one number. */
export const SERIES_COUNTERS: readonly LiveCounterName[] = ['events_per_minute'];
export const CATEGORY_COUNTERS: readonly LiveCounterName[] = ['events_by_type_today'];

export const CountersQuery = z.strictObject({ source: z.literal('counters'), counter: LiveCounterName });

export const ENGAGEMENT_ORDER = ['eventCount', 'loginCount', 'pageViews', 'apiCalls', 'reportsGenerated', 'reportsViewed', 'aiChatMessagesSent'] as const;
/** The most active users of a UTC day (the pipeline's user_engagement_metrics). */
export const EngagementQuery = z.strictObject({
  source: z.literal('engagement'),
  measure: z.literal('most_active_users'),
  orderBy: z.enum(ENGAGEMENT_ORDER).default('eventCount'),
  /** `today`, or a day range summed per user. */
  timeRange: TimeRange.default({ kind: 'relative', range: 'today' }),
  limit: z.int().min(1).max(WIDGET_LIMITS.maxRows).default(10),
});

/** The pipeline's report_generation_stats: rankings (tables) or one number. */
export const REPORT_MEASURES = ['most_viewed', 'recently_generated', 'generated_count', 'views', 'avg_processing_seconds'] as const;
export const REPORT_TABLE_MEASURES: readonly (typeof REPORT_MEASURES)[number][] = ['most_viewed', 'recently_generated'];
export const ReportsQuery = z.strictObject({
  source: z.literal('reports'),
  measure: z.enum(REPORT_MEASURES),
  reportType: z.string().min(1).max(100).optional(),
  timeRange: TimeRange.default({ kind: 'relative', range: 'today' }),
  limit: z.int().min(1).max(WIDGET_LIMITS.maxRows).default(10),
});

export const WidgetQuery = z.discriminatedUnion('source', [ActivityQuery, MetricsQuery, CountersQuery, EngagementQuery, ReportsQuery]);
export type WidgetQuery = z.output<typeof WidgetQuery>;
export type WidgetQueryInput = z.input<typeof WidgetQuery>;

/**
 * The shape of a query's answer, which decides the widget types that can draw it:
 * one number, a series over time, named categories, a two-dimensional grid, or rows of a table.
 */
export type QueryShape = 'scalar' | 'series' | 'categories' | 'grid' | 'rows';

export function queryShape(query: WidgetQuery): QueryShape {
  switch (query.source) {
    case 'activity':
      if (query.groupBy.by === 'none') return 'scalar';
      if (query.groupBy.by === 'time') return 'series';
      if (query.groupBy.by === 'hour_of_week') return 'grid';
      return 'categories';
    case 'metrics':
      if (query.groupBy.by === 'none') return 'scalar';
      return query.groupBy.by === 'time' ? 'series' : 'categories';
    case 'counters':
      if (SERIES_COUNTERS.includes(query.counter)) return 'series';
      return CATEGORY_COUNTERS.includes(query.counter) ? 'categories' : 'scalar';
    case 'engagement':
      return 'rows';
    case 'reports':
      return REPORT_TABLE_MEASURES.includes(query.measure) ? 'rows' : 'scalar';
  }
}

/** Which answers each widget type can draw. */
export const WIDGET_SHAPES: Record<WidgetType, readonly QueryShape[]> = {
  metric_card: ['scalar'],
  kpi_card: ['scalar'],
  gauge: ['scalar'],
  progress_bar: ['scalar'],
  sparkline: ['series'],
  line_chart: ['series'],
  bar_chart: ['series', 'categories'],
  pie_chart: ['categories'],
  table: ['series', 'categories', 'rows'],
  heatmap: ['grid'],
};

const SHAPE_HINTS: Record<WidgetType, string> = {
  metric_card: 'one number: no grouping (groupBy none), a single-number counter or a report count',
  kpi_card: 'one number: no grouping (groupBy none), a single-number counter or a report count',
  gauge: 'one number: no grouping (groupBy none), a single-number counter or a report count',
  progress_bar: 'one number: no grouping (groupBy none), a single-number counter or a report count',
  sparkline: 'a series over time: groupBy time, or the events_per_minute counter',
  line_chart: 'a series over time: groupBy time, or the events_per_minute counter',
  bar_chart: 'a series over time or categories (groupBy time, event_type, property, user, branch, department or label)',
  pie_chart: 'categories: groupBy event_type, property, user, branch, department or label, or events_by_type_today',
  table: 'rows: a grouping, the engagement source or a report ranking',
  heatmap: 'a two-dimensional grouping: groupBy hour_of_week (hour of day × weekday)',
};

// --- options ---

export const NUMBER_FORMATS = ['integer', 'decimal', 'percent', 'compact', 'duration_ms', 'bytes'] as const;
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb');

/** From `value` upwards the number is drawn in `color` (the highest threshold reached wins). */
export const Threshold = z.strictObject({ value: boundedNumber, color: Color, label: z.string().max(40).optional() });

const displayOptions = {
  unit: z.string().max(WIDGET_LIMITS.maxUnitLength).optional(),
  numberFormat: z.enum(NUMBER_FORMATS).default('integer'),
  decimals: z.int().min(0).max(6).default(0),
  thresholds: z
    .array(Threshold)
    .max(WIDGET_LIMITS.maxThresholds)
    .refine((list) => list.every((threshold, index) => index === 0 || threshold.value > (list[index - 1]?.value ?? -Infinity)), 'thresholds ascend by value')
    .default([]),
  color: Color.optional(),
};

export const ScalarOptions = z.strictObject({ ...displayOptions });
/** Target against actual; with the query's `compare: previous_period`, also against the previous period. */
export const KpiOptions = z.strictObject({ ...displayOptions, target: boundedNumber, higherIsBetter: z.boolean().default(true) });
export const GaugeOptions = z
  .strictObject({ ...displayOptions, min: boundedNumber.default(0), max: boundedNumber, target: boundedNumber.optional() })
  .refine((options) => options.max > options.min, { path: ['max'], message: 'max is above min' });
export const ProgressOptions = z.strictObject({ ...displayOptions, target: boundedNumber.refine((target) => target > 0, 'a target above 0') });
export const ChartOptions = z.strictObject({ ...displayOptions, stacked: z.boolean().default(false), showLegend: z.boolean().default(true) });
export const PieOptions = z.strictObject({ ...displayOptions, donut: z.boolean().default(true), showLegend: z.boolean().default(true) });
export const TableOptions = z.strictObject({ ...displayOptions, showRank: z.boolean().default(true) });
export const HeatmapOptions = z.strictObject({ ...displayOptions, colorScale: z.enum(['blues', 'greens', 'oranges', 'greys']).default('blues') });

const widgetBase = {
  id: WidgetId,
  title: z.string().trim().min(1).max(WIDGET_LIMITS.maxTitleLength),
  description: z.string().max(WIDGET_LIMITS.maxDescriptionLength).optional(),
  query: WidgetQuery,
};

const widgetOf = <T extends WidgetType, O extends z.ZodType>(type: T, options: O) =>
  z.strictObject({ ...widgetBase, type: z.literal(type), options });

/**
 * A widget: a type, a title, a query and the options of its type. The type decides the options
 * (a discriminated union) and which query answers it can draw (checked below with an issue that
 * says what would fit).
 */
export const Widget = z
  .discriminatedUnion('type', [
    widgetOf('metric_card', ScalarOptions.prefault({})),
    widgetOf('kpi_card', KpiOptions),
    widgetOf('gauge', GaugeOptions),
    widgetOf('progress_bar', ProgressOptions),
    widgetOf('sparkline', ScalarOptions.prefault({})),
    widgetOf('line_chart', ChartOptions.prefault({})),
    widgetOf('bar_chart', ChartOptions.prefault({})),
    widgetOf('pie_chart', PieOptions.prefault({})),
    widgetOf('table', TableOptions.prefault({})),
    widgetOf('heatmap', HeatmapOptions.prefault({})),
  ])
  .superRefine((widget, ctx) => {
    const shape = queryShape(widget.query);
    if (!WIDGET_SHAPES[widget.type].includes(shape)) {
      ctx.addIssue({ code: 'custom', path: ['query'], message: `a ${widget.type} needs ${SHAPE_HINTS[widget.type]}; this query answers ${shape}` });
    }
    const query = widget.query;
    if ((query.source === 'activity' || query.source === 'metrics') && query.compare !== null && shape !== 'scalar' && shape !== 'series') {
      ctx.addIssue({ code: 'custom', path: ['query', 'compare'], message: 'a previous period compares one number or a series over time' });
    }
    if (query.source === 'activity' && query.groupBy.by === 'time' && query.groupBy.bucket === 'minute' && query.timeRange.kind === 'relative' && ['last_7d', 'last_30d', 'this_week'].includes(query.timeRange.range)) {
      ctx.addIssue({ code: 'custom', path: ['query', 'groupBy', 'bucket'], message: 'minute buckets cover at most a day: use hour or day' });
    }
  });
export type Widget = z.output<typeof Widget>;
export type WidgetInput = z.input<typeof Widget>;
