import {
  ChartOptions,
  GaugeOptions,
  HeatmapOptions,
  KpiOptions,
  PieOptions,
  ProgressOptions,
  queryShape,
  ScalarOptions,
  TableOptions,
  Widget,
  WIDGET_SHAPES,
} from '@pulse/api-contract/schemas';
import type { ActivityGroupBy, QueryShape, TimeRange, WidgetQuery, WidgetQueryInput, WidgetType } from '@pulse/api-contract/schemas';
import { widgetInput } from './widget-input.ts';

type ActivityQuery = Extract<WidgetQuery, { source: 'activity' }>;
type MetricsQuery = Extract<WidgetQuery, { source: 'metrics' }>;
type TimeBucket = Extract<ActivityGroupBy, { by: 'time' }>['bucket'];

/**
 * The shapes each type draws (the contract's WIDGET_SHAPES), in the order a switch tries them
 * when the query's own shape does not fit: a bar chart from one number becomes a series (it
 * keeps its comparison), a table prefers rows, then categories.
 */
const PREFERRED_SHAPES: Record<WidgetType, readonly QueryShape[]> = { ...WIDGET_SHAPES, table: ['rows', 'categories', 'series'] };

const DAY_MS = 86_400_000;

/** A bucket that gives a readable number of points over the range, and that the server rolls up for the measure. */
function bucketFor(range: TimeRange, perUser: boolean): TimeBucket {
  const spanMs =
    range.kind === 'absolute'
      ? Date.parse(range.to) - Date.parse(range.from)
      : { last_15m: 15 * 60_000, last_1h: 3_600_000, last_24h: DAY_MS, today: DAY_MS, last_7d: 7 * DAY_MS, this_week: 7 * DAY_MS, last_30d: 30 * DAY_MS }[range.range];
  // Distinct users are counted per hour: no minute buckets for them.
  if (spanMs <= 2 * 3_600_000 && !perUser) return 'minute';
  return spanMs <= 8 * DAY_MS ? 'hour' : 'day';
}

/** A previous period compares one number or a series (the contract's rule). */
const compareFor = (query: ActivityQuery | MetricsQuery, shape: QueryShape) => (shape === 'scalar' || shape === 'series' ? query.compare : null);

/** The same question answered in another shape, or null when this source cannot answer it so. */
function reshape(query: WidgetQuery, shape: QueryShape): WidgetQueryInput | null {
  switch (query.source) {
    case 'activity': {
      const perUser = query.measure.kind === 'distinct_users';
      const categorical = !['none', 'time', 'hour_of_week'].includes(query.groupBy.by);
      const groupBy: Record<QueryShape, ActivityGroupBy | null> = {
        scalar: { by: 'none' },
        series: { by: 'time', bucket: bucketFor(query.timeRange, perUser) },
        categories: categorical ? query.groupBy : { by: 'event_type' },
        grid: { by: 'hour_of_week' },
        rows: null,
      };
      const next = groupBy[shape];
      return next && { ...query, groupBy: next, compare: compareFor(query, shape) };
    }
    case 'metrics': {
      const label = Object.keys(query.labels ?? {})[0];
      if (shape === 'scalar') return { ...query, groupBy: { by: 'none' } };
      if (shape === 'series') return { ...query, groupBy: { by: 'time', bucket: bucketFor(query.timeRange, false) } };
      // Categories of a metric are the values of one of its labels: the filter's first, if any.
      if (shape === 'categories' && label !== undefined) return { ...query, groupBy: { by: 'label', label }, compare: null };
      return null;
    }
    case 'counters': {
      const counter = { scalar: 'events_today', series: 'events_per_minute', categories: 'events_by_type_today', grid: null, rows: null } as const;
      const next = counter[shape];
      return next && { source: 'counters', counter: next };
    }
    case 'engagement':
      return null;
    case 'reports': {
      if (shape === 'scalar') return { ...query, measure: query.measure === 'most_viewed' ? 'views' : 'generated_count' };
      if (shape === 'rows') return { ...query, measure: query.measure === 'views' ? 'most_viewed' : 'recently_generated' };
      return null;
    }
  }
}

const ENGAGEMENT_EVENT_TYPES = {
  eventCount: undefined,
  loginCount: ['USER_LOGIN'],
  pageViews: ['PAGE_VIEW'],
  apiCalls: ['API_CALL'],
  reportsGenerated: ['REPORT_GENERATED'],
  reportsViewed: ['REPORT_VIEW'],
  aiChatMessagesSent: ['AI_CHAT_MESSAGE'],
} as const;

/** What each live counter counts, as an activity question (as the server answers it for a narrower scope). */
const COUNTER_ACTIVITY = {
  active_users: { measure: { kind: 'distinct_users' }, range: 'last_15m', eventTypes: undefined },
  api_calls_per_minute: { measure: { kind: 'count' }, range: 'last_15m', eventTypes: ['API_CALL'] },
  logins_per_hour: { measure: { kind: 'count' }, range: 'last_1h', eventTypes: ['USER_LOGIN'] },
  logouts_per_hour: { measure: { kind: 'count' }, range: 'last_1h', eventTypes: ['USER_LOGOUT'] },
  products_created_today: { measure: { kind: 'count' }, range: 'today', eventTypes: ['PRODUCT_CREATED'] },
  events_today: { measure: { kind: 'count' }, range: 'today', eventTypes: undefined },
  events_per_minute: { measure: { kind: 'count' }, range: 'last_1h', eventTypes: undefined },
  events_by_type_today: { measure: { kind: 'count' }, range: 'today', eventTypes: undefined },
} as const;

/**
 * The nearest activity question to a query of another source, for a shape that source cannot
 * give (a heatmap of a counter, a line of report views): the same events over the same range.
 */
function asActivity(query: WidgetQuery): ActivityQuery {
  const base = { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'none' }, filters: {}, compare: null, limit: 10 } as const;
  switch (query.source) {
    case 'activity':
      return query;
    case 'metrics':
      return { ...base, timeRange: query.timeRange, compare: query.compare, limit: query.limit };
    case 'counters': {
      const { measure, range, eventTypes } = COUNTER_ACTIVITY[query.counter];
      return { ...base, measure, filters: eventTypes ? { eventTypes: [...eventTypes] } : {}, timeRange: { kind: 'relative', range } };
    }
    case 'engagement': {
      const eventTypes = ENGAGEMENT_EVENT_TYPES[query.orderBy];
      return { ...base, groupBy: { by: 'user' }, filters: eventTypes ? { eventTypes: [...eventTypes] } : {}, timeRange: query.timeRange, limit: query.limit };
    }
    case 'reports': {
      const viewed = query.measure === 'most_viewed' || query.measure === 'views';
      const measure = query.measure === 'avg_processing_seconds' ? ({ kind: 'avg', property: 'durationMs' } as const) : base.measure;
      return { ...base, measure, filters: { eventTypes: [viewed ? 'REPORT_VIEW' : 'REPORT_GENERATED'] }, timeRange: query.timeRange, limit: query.limit };
    }
  }
}

/** The query itself when its shape fits, else the first shape of the type this source (or, failing that, activity) can give. */
function fitQuery(query: WidgetQuery, type: WidgetType): WidgetQueryInput {
  const shapes = PREFERRED_SHAPES[type];
  if (shapes.includes(queryShape(query))) return query;
  for (const candidate of [query, asActivity(query)]) {
    for (const shape of shapes) {
      const reshaped = reshape(candidate, shape);
      if (reshaped) return reshaped;
    }
  }
  // Unreachable: activity answers every shape but rows, and every type draws another one too.
  throw new Error(`no query shape fits a ${type}`);
}

const OPTION_KEYS: Record<WidgetType, readonly string[]> = {
  metric_card: Object.keys(ScalarOptions.shape),
  sparkline: Object.keys(ScalarOptions.shape),
  kpi_card: Object.keys(KpiOptions.shape),
  gauge: Object.keys(GaugeOptions.shape),
  progress_bar: Object.keys(ProgressOptions.shape),
  line_chart: Object.keys(ChartOptions.shape),
  bar_chart: Object.keys(ChartOptions.shape),
  pie_chart: Object.keys(PieOptions.shape),
  table: Object.keys(TableOptions.shape),
  heatmap: Object.keys(HeatmapOptions.shape),
};

/** A target when the old options had none: the gauge's top, else a round 100. */
const DEFAULT_TARGET = 100;

/**
 * The options the next type accepts, taken from the current ones (display options always;
 * legend, stacking, target, ... when both types have them), plus what the next type requires:
 * a target for a KPI or a progress bar, a maximum above the minimum for a gauge.
 */
function fitOptions(options: Widget['options'], type: WidgetType): Record<string, unknown> {
  const old: Record<string, unknown> = options;
  const kept = Object.fromEntries(OPTION_KEYS[type].filter((key) => old[key] !== undefined).map((key) => [key, old[key]]));
  const target = typeof old.target === 'number' ? old.target : typeof old.max === 'number' ? old.max : DEFAULT_TARGET;
  if (type === 'kpi_card') return { ...kept, target };
  if (type === 'progress_bar') return { ...kept, target: target > 0 ? target : DEFAULT_TARGET };
  if (type === 'gauge') {
    const min = typeof kept.min === 'number' ? kept.min : 0;
    const max = typeof kept.max === 'number' ? kept.max : target;
    return { ...kept, min, max: max > min ? max : min + DEFAULT_TARGET };
  }
  return kept;
}

/**
 * The widget as another type, keeping whatever of it still fits: the title, the query when its
 * answer is one the new type draws (else the same question in a shape it does draw: no
 * grouping for a card, a time series for a line, hour × weekday for a heatmap), and the
 * options both types share. The result is valid by the contract (parsed by it).
 */
export function switchWidgetType(widget: Widget, type: WidgetType): Widget {
  if (widget.type === type) return widget;
  const fields = {
    id: widget.id,
    title: widget.title,
    ...(widget.description === undefined ? {} : { description: widget.description }),
    query: fitQuery(widget.query, type),
  };
  const next = widgetInput(fields, type, fitOptions(widget.options, type));
  return Widget.parse(next);
}
