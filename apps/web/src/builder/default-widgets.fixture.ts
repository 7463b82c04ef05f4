import { Widget } from '@pulse/api-contract/schemas';
import type { WidgetInput } from '@pulse/api-contract/schemas';
import { latencyGauge } from '../widgets/widget-fixtures.ts';

/**
 * Widgets of the seeded dashboards (apps/server/src/dashboards/dashboard-templates.ts and
 * role-defaults.ts), copied rather than imported: the web app does not reach into server code.
 * Together they cover the ten types and the five sources.
 */
const inputs: WidgetInput[] = [
  { id: 'active-users', type: 'metric_card', title: 'Active users', query: { source: 'counters', counter: 'active_users' }, options: { numberFormat: 'compact' } },
  { id: 'events-per-minute', type: 'line_chart', title: 'Events per minute', query: { source: 'counters', counter: 'events_per_minute' }, options: { showLegend: false } },
  { id: 'events-by-type', type: 'pie_chart', title: 'Events by type today', query: { source: 'counters', counter: 'events_by_type_today' } },
  { id: 'most-active-users', type: 'table', title: 'Most active users today', query: { source: 'engagement', measure: 'most_active_users', orderBy: 'eventCount', limit: 10 } },
  { id: 'most-viewed-reports', type: 'table', title: 'Most viewed reports today', query: { source: 'reports', measure: 'most_viewed', limit: 10 } },
  latencyGauge,
  {
    id: 'api-latency-trend',
    type: 'line_chart',
    title: 'API latency p95 by hour',
    query: {
      source: 'activity',
      measure: { kind: 'p95', property: 'durationMs' },
      filters: { eventTypes: ['API_CALL'] },
      groupBy: { by: 'time', bucket: 'hour' },
      timeRange: { kind: 'relative', range: 'last_24h' },
      compare: 'previous_period',
    },
    options: { unit: 'ms', numberFormat: 'duration_ms' },
  },
  {
    id: 'activity-heatmap',
    type: 'heatmap',
    title: 'Activity by hour of day and weekday',
    query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'hour_of_week' }, timeRange: { kind: 'relative', range: 'last_30d' } },
  },
  {
    id: 'events-today-trend',
    type: 'sparkline',
    title: 'Events today by hour',
    query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'time', bucket: 'hour' }, timeRange: { kind: 'relative', range: 'today' }, compare: 'previous_period' },
  },
  {
    id: 'products-today',
    type: 'kpi_card',
    title: 'Products created today',
    query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['PRODUCT_CREATED'] }, timeRange: { kind: 'relative', range: 'today' }, compare: 'previous_period' },
    options: { target: 30, numberFormat: 'integer' },
  },
  { id: 'reports-generated', type: 'progress_bar', title: 'Reports generated today', query: { source: 'reports', measure: 'generated_count', timeRange: { kind: 'relative', range: 'today' } }, options: { target: 50 } },
  {
    id: 'events-by-branch',
    type: 'bar_chart',
    title: 'Events by branch, last 24 hours',
    query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'branch' }, timeRange: { kind: 'relative', range: 'last_24h' }, limit: 10 },
  },
  {
    id: 'people-active-today',
    type: 'kpi_card',
    title: 'People active today',
    query: { source: 'activity', measure: { kind: 'distinct_users' }, timeRange: { kind: 'relative', range: 'today' }, compare: 'previous_period' },
    options: { target: 25 },
  },
  // No seeded dashboard reads metrics: one written here so that source is switched too.
  {
    id: 'queue-depth',
    type: 'line_chart',
    title: 'Queue depth by hour',
    query: { source: 'metrics', metricName: 'queue_depth', aggregation: 'avg', labels: { queue: 'emails' }, groupBy: { by: 'time', bucket: 'hour' }, timeRange: { kind: 'relative', range: 'last_24h' } },
  },
];

export const DEFAULT_WIDGETS: Widget[] = inputs.map((input) => Widget.parse(input));

export function defaultWidget(id: string): Widget {
  const widget = DEFAULT_WIDGETS.find((candidate) => candidate.id === id);
  if (!widget) throw new Error(`no default widget ${id}`);
  return widget;
}
