import { DashboardContent, type WidgetInput } from '@pulse/api-contract/schemas';
import type { z } from 'zod';
import { packedLayout } from './layout-packing.ts';

/** A widget of a seeded dashboard with its size on the widest grid. */
export type PlacedWidget = { widget: WidgetInput; w: number; h: number };

/**
 * A seeded dashboard's content, parsed by the contract's own schema: a template that does not
 * validate fails at startup (and in its test), never in a user's browser.
 */
export function dashboardFromTemplate(name: string, visibility: z.input<typeof DashboardContent>['visibility'], role: 'OWNER' | 'LEADER' | 'MANAGER' | null, placed: PlacedWidget[]): DashboardContent {
  return DashboardContent.parse({
    name,
    visibility,
    role,
    widgetPreferences: placed.map((item) => item.widget),
    layoutConfig: packedLayout(placed.map((item) => ({ widgetId: item.widget.id, w: item.w, h: item.h }))),
  });
}

// Widgets several templates share, written once.

export const counterCard = (id: string, title: string, counter: 'active_users' | 'api_calls_per_minute' | 'logins_per_hour' | 'products_created_today' | 'events_today', unit?: string): PlacedWidget => ({
  widget: { id, type: 'metric_card', title, query: { source: 'counters', counter }, options: unit ? { unit, numberFormat: 'compact' } : { numberFormat: 'compact' } },
  w: 3,
  h: 2,
});

export const eventsPerMinute = (id = 'events-per-minute'): PlacedWidget => ({
  widget: { id, type: 'line_chart', title: 'Events per minute', query: { source: 'counters', counter: 'events_per_minute' }, options: { showLegend: false } },
  w: 8,
  h: 4,
});

export const eventsByTypeToday = (id = 'events-by-type'): PlacedWidget => ({
  widget: { id, type: 'pie_chart', title: 'Events by type today', query: { source: 'counters', counter: 'events_by_type_today' } },
  w: 4,
  h: 4,
});

export const mostActiveUsers = (id = 'most-active-users', limit = 10): PlacedWidget => ({
  widget: { id, type: 'table', title: 'Most active users today', query: { source: 'engagement', measure: 'most_active_users', orderBy: 'eventCount', limit } },
  w: 6,
  h: 5,
});

export const mostViewedReports = (id = 'most-viewed-reports'): PlacedWidget => ({
  widget: { id, type: 'table', title: 'Most viewed reports today', query: { source: 'reports', measure: 'most_viewed', limit: 10 } },
  w: 6,
  h: 5,
});

const apiCalls = { eventTypes: ['API_CALL'] };

export const apiLatencyGauge = (id = 'api-latency-p95'): PlacedWidget => ({
  widget: {
    id,
    type: 'gauge',
    title: 'API latency p95, last hour',
    query: { source: 'activity', measure: { kind: 'p95', property: 'durationMs' }, filters: apiCalls, timeRange: { kind: 'relative', range: 'last_1h' } },
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
  },
  w: 4,
  h: 4,
});

export const apiLatencyOverTime = (id = 'api-latency-trend'): PlacedWidget => ({
  widget: {
    id,
    type: 'line_chart',
    title: 'API latency p95 by hour',
    query: { source: 'activity', measure: { kind: 'p95', property: 'durationMs' }, filters: apiCalls, groupBy: { by: 'time', bucket: 'hour' }, timeRange: { kind: 'relative', range: 'last_24h' }, compare: 'previous_period' },
    options: { unit: 'ms', numberFormat: 'duration_ms' },
  },
  w: 8,
  h: 4,
});

export const activityHeatmap = (id = 'activity-heatmap'): PlacedWidget => ({
  widget: {
    id,
    type: 'heatmap',
    title: 'Activity by hour of day and weekday',
    query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'hour_of_week' }, timeRange: { kind: 'relative', range: 'last_30d' } },
  },
  w: 12,
  h: 5,
});

export const eventsTodaySparkline = (id = 'events-today-trend'): PlacedWidget => ({
  widget: {
    id,
    type: 'sparkline',
    title: 'Events today by hour',
    query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'time', bucket: 'hour' }, timeRange: { kind: 'relative', range: 'today' }, compare: 'previous_period' },
  },
  w: 3,
  h: 2,
});
