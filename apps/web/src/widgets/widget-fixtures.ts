import { Widget, WidgetResult } from '@pulse/api-contract/schemas';
import type { WidgetData, WidgetInput } from '@pulse/api-contract/schemas';

// Widgets as the role defaults define them (apps/server/src/dashboards), parsed by the contract:
// a fixture the server would refuse fails here, not in a confusing assertion later.

export const AS_OF = '2026-12-02T10:15:30.000Z';
const HOUR = 3_600_000;

export function widget(input: WidgetInput): Widget {
  return Widget.parse(input);
}

export function result(id: string, data: WidgetData | null, extra: Partial<Pick<WidgetResult, 'compare' | 'error' | 'asOf' | 'stale' | 'filtered'>> = {}): WidgetResult {
  return WidgetResult.parse({ widgetId: id, asOf: AS_OF, range: { from: '2026-12-01T10:00:00.000Z', to: AS_OF }, data, compare: null, error: null, stale: null, ...extra });
}

/** `values` one an hour, ending at the hour of AS_OF. */
export function hourly(values: (number | null)[], endMs = Date.parse('2026-12-02T10:00:00.000Z')): WidgetData {
  return { shape: 'series', points: values.map((value, index) => ({ t: new Date(endMs - (values.length - 1 - index) * HOUR).toISOString(), value })) };
}

export const apiCallsCard = widget({ id: 'api-calls-per-minute', type: 'metric_card', title: 'API calls per minute', query: { source: 'counters', counter: 'api_calls_per_minute' }, options: { unit: 'calls', numberFormat: 'compact' } });

export const productsKpi = widget({
  id: 'products-created-kpi',
  type: 'kpi_card',
  title: 'Products created today',
  query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['PRODUCT_CREATED'] }, timeRange: { kind: 'relative', range: 'today' }, compare: 'previous_period' },
  options: { target: 100, numberFormat: 'integer' },
});

export const reportsProgress = widget({ id: 'reports-generated', type: 'progress_bar', title: 'Reports generated today', query: { source: 'reports', measure: 'generated_count', timeRange: { kind: 'relative', range: 'today' } }, options: { target: 50 } });

export const latencyGauge = widget({
  id: 'api-latency-p95',
  type: 'gauge',
  title: 'API latency p95, last hour',
  query: { source: 'activity', measure: { kind: 'p95', property: 'durationMs' }, filters: { eventTypes: ['API_CALL'] }, timeRange: { kind: 'relative', range: 'last_1h' } },
  options: {
    unit: 'ms',
    numberFormat: 'duration_ms',
    min: 0,
    max: 2000,
    thresholds: [
      { value: 0, color: '#2e7d32', label: 'fast' },
      { value: 500, color: '#ed6c02', label: 'slow' },
      { value: 1000, color: '#d32f2f', label: 'too slow' },
    ],
  },
});

export const latencyTrend = widget({
  id: 'api-latency-trend',
  type: 'line_chart',
  title: 'API latency p95 by hour',
  query: { source: 'activity', measure: { kind: 'p95', property: 'durationMs' }, filters: { eventTypes: ['API_CALL'] }, groupBy: { by: 'time', bucket: 'hour' }, timeRange: { kind: 'relative', range: 'last_24h' }, compare: 'previous_period' },
  options: { unit: 'ms', numberFormat: 'duration_ms' },
});

export const eventsTodaySparkline = widget({
  id: 'events-today-trend',
  type: 'sparkline',
  title: 'Events today by hour',
  query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'time', bucket: 'hour' }, timeRange: { kind: 'relative', range: 'today' }, compare: 'previous_period' },
});

export const eventsByBranch = widget({
  id: 'events-by-branch',
  type: 'bar_chart',
  title: 'Events by branch, last 24 hours',
  query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'branch' }, timeRange: { kind: 'relative', range: 'last_24h' }, limit: 10 },
});

export const eventsByTypeToday = widget({ id: 'events-by-type', type: 'pie_chart', title: 'Events by type today', query: { source: 'counters', counter: 'events_by_type_today' } });

export const activityHeatmap = widget({
  id: 'activity-heatmap',
  type: 'heatmap',
  title: 'Activity by hour of day and weekday',
  query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'hour_of_week' }, timeRange: { kind: 'relative', range: 'last_30d' } },
});

export const mostActiveUsers = widget({ id: 'most-active-users', type: 'table', title: 'Most active users today', query: { source: 'engagement', measure: 'most_active_users', orderBy: 'eventCount', limit: 10 } });

export const branchTable = widget({
  id: 'branch-table',
  type: 'table',
  title: 'Events by branch',
  query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'branch' }, timeRange: { kind: 'relative', range: 'last_24h' } },
  options: { showRank: false },
});
