import { Widget, WIDGET_LIMITS } from '@pulse/api-contract/schemas';
import type { WidgetInput, WidgetType } from '@pulse/api-contract/schemas';

type Starter = {
  /** What the palette calls the type. */
  name: string;
  /** One line on what it shows, for choosing. */
  description: string;
  /** The widget a new one of this type starts as: real numbers at once, changed in the editor. */
  widget: Omit<WidgetInput, 'id'>;
  /** Its first size on the 12-column grid. */
  size: { w: number; h: number };
};

const card = { w: 3, h: 2 };
const chart = { w: 6, h: 4 };

/** The ten widget types in the order the palette lists them. */
export const WIDGET_STARTERS: Record<WidgetType, Starter> = {
  metric_card: {
    name: 'Metric card',
    description: 'One number, large: a live counter or a count over a time range.',
    widget: { type: 'metric_card', title: 'Active users', query: { source: 'counters', counter: 'active_users' } },
    size: card,
  },
  kpi_card: {
    name: 'KPI card',
    description: 'One number against its target and the previous period.',
    widget: {
      type: 'kpi_card',
      title: 'Events in the last 24 hours',
      query: { source: 'activity', measure: { kind: 'count' }, timeRange: { kind: 'relative', range: 'last_24h' }, compare: 'previous_period' },
      options: { target: 1000 },
    },
    size: card,
  },
  gauge: {
    name: 'Gauge',
    description: 'One number on a dial between a minimum and a maximum.',
    widget: { type: 'gauge', title: 'API calls per minute', query: { source: 'counters', counter: 'api_calls_per_minute' }, options: { max: 1000 } },
    size: { w: 3, h: 3 },
  },
  progress_bar: {
    name: 'Progress bar',
    description: 'How far one number has come towards its target.',
    widget: { type: 'progress_bar', title: 'Products created today', query: { source: 'counters', counter: 'products_created_today' }, options: { target: 100 } },
    size: card,
  },
  sparkline: {
    name: 'Sparkline',
    description: 'The latest number with a small line of its recent trend.',
    widget: { type: 'sparkline', title: 'Events per minute', query: { source: 'counters', counter: 'events_per_minute' } },
    size: card,
  },
  line_chart: {
    name: 'Line chart',
    description: 'A series over time, optionally against the previous period.',
    widget: {
      type: 'line_chart',
      title: 'Events per hour',
      query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'time', bucket: 'hour' }, timeRange: { kind: 'relative', range: 'last_24h' } },
    },
    size: chart,
  },
  bar_chart: {
    name: 'Bar chart',
    description: 'Numbers side by side: per category or per time bucket.',
    widget: {
      type: 'bar_chart',
      title: 'Events by type this week',
      query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'event_type' }, timeRange: { kind: 'relative', range: 'last_7d' } },
    },
    size: chart,
  },
  pie_chart: {
    name: 'Pie chart',
    description: 'The share of each category in a whole.',
    widget: { type: 'pie_chart', title: 'Events by type today', query: { source: 'counters', counter: 'events_by_type_today' } },
    size: { w: 4, h: 4 },
  },
  table: {
    name: 'Table',
    description: 'Rows of a ranking or a grouping, largest first.',
    widget: { type: 'table', title: 'Most active users today', query: { source: 'engagement', measure: 'most_active_users' } },
    size: chart,
  },
  heatmap: {
    name: 'Heatmap',
    description: 'Activity by hour of day and weekday, darker where busier.',
    widget: {
      type: 'heatmap',
      title: 'Activity by hour of week',
      query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'hour_of_week' }, timeRange: { kind: 'relative', range: 'last_30d' } },
    },
    size: { w: 12, h: 4 },
  },
};

/** `base-2`, `base-3`, … : the first id of that form no widget of the dashboard has. */
export function freshWidgetId(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  const stem = base.slice(0, WIDGET_LIMITS.maxWidgetIdLength - 4);
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n += 1) {
    const id = `${stem}-${n}`;
    if (!used.has(id)) return id;
  }
}

/** A new widget of `type` with an id the dashboard does not use yet, as the contract's `Widget` reads it. */
export function newWidget(type: WidgetType, takenIds: readonly string[]): Widget {
  return Widget.parse({ ...WIDGET_STARTERS[type].widget, id: freshWidgetId(type.replaceAll('_', '-'), takenIds) });
}
