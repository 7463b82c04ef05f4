import { describe, expect, it } from 'vitest';
import { queryShape, Widget, WIDGET_SHAPES, WIDGET_TYPES } from '@pulse/api-contract/schemas';
import type { WidgetQuery } from '@pulse/api-contract/schemas';
import { DEFAULT_WIDGETS, defaultWidget } from './default-widgets.fixture.ts';
import { switchWidgetType } from './switch-widget-type.ts';

const activity = (query: WidgetQuery) => {
  if (query.source !== 'activity') throw new Error(`expected an activity query, got ${query.source}`);
  return query;
};

describe('switchWidgetType', () => {
  it.each(DEFAULT_WIDGETS.flatMap((widget) => WIDGET_TYPES.map((type) => [widget.id, widget.type, type] as const)))(
    '%s (%s) as a %s is a valid widget of that type',
    (id, _from, type) => {
      const switched = switchWidgetType(defaultWidget(id), type);
      const parsed = Widget.safeParse(switched);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(switched.type).toBe(type);
      expect(WIDGET_SHAPES[type]).toContain(queryShape(switched.query));
      expect(switched).toMatchObject({ id, title: defaultWidget(id).title });
    },
  );

  it('keeps the same widget when the type does not change', () => {
    const widget = defaultWidget('api-latency-trend');
    expect(switchWidgetType(widget, 'line_chart')).toBe(widget);
  });

  it('line chart to bar chart keeps the whole query, time grouping and comparison included, and the chart options', () => {
    const line = defaultWidget('api-latency-trend');
    const bar = switchWidgetType(line, 'bar_chart');
    expect(bar.query).toEqual(line.query);
    expect(bar.options).toMatchObject({ unit: 'ms', numberFormat: 'duration_ms', showLegend: true, stacked: false });
  });

  it('a series to a metric card drops the grouping and keeps measure, filters, range and comparison', () => {
    const card = switchWidgetType(defaultWidget('api-latency-trend'), 'metric_card');
    const query = activity(card.query);
    expect(query.groupBy).toEqual({ by: 'none' });
    expect(query.measure).toEqual({ kind: 'p95', property: 'durationMs' });
    expect(query.filters).toEqual({ eventTypes: ['API_CALL'] });
    expect(query.timeRange).toEqual({ kind: 'relative', range: 'last_24h' });
    expect(query.compare).toBe('previous_period');
    // Display options carry over; chart-only ones do not (the card's options are strict).
    expect(card.options).toEqual({ unit: 'ms', numberFormat: 'duration_ms', decimals: 0, thresholds: [] });
  });

  it('a heatmap gets the hour × weekday grouping and no comparison (a grid has no previous period)', () => {
    const heatmap = switchWidgetType(defaultWidget('events-today-trend'), 'heatmap');
    const query = activity(heatmap.query);
    expect(query.groupBy).toEqual({ by: 'hour_of_week' });
    expect(query.compare).toBeNull();
    expect(query.timeRange).toEqual({ kind: 'relative', range: 'today' });
  });

  it('a KPI keeps the measure and gets a target when there was none; a gauge lends its maximum', () => {
    const fromSparkline = switchWidgetType(defaultWidget('events-today-trend'), 'kpi_card');
    expect(activity(fromSparkline.query).measure).toEqual({ kind: 'count' });
    expect(fromSparkline.options).toMatchObject({ target: 100, higherIsBetter: true });

    const fromGauge = switchWidgetType(defaultWidget('api-latency-p95'), 'kpi_card');
    expect(activity(fromGauge.query).measure).toEqual({ kind: 'p95', property: 'durationMs' });
    expect(fromGauge.options).toMatchObject({ target: 2000, unit: 'ms', thresholds: defaultWidget('api-latency-p95').options.thresholds });
  });

  it('a KPI keeps its own target as a progress bar and as a gauge maximum', () => {
    const kpi = defaultWidget('products-today');
    expect(switchWidgetType(kpi, 'progress_bar').options).toMatchObject({ target: 30 });
    expect(switchWidgetType(kpi, 'gauge').options).toMatchObject({ min: 0, max: 30, target: 30 });
  });

  it('a table keeps a categorical grouping, and a bar chart of categories drops a comparison only when it must', () => {
    const byBranch = defaultWidget('events-by-branch');
    expect(switchWidgetType(byBranch, 'table').query).toEqual(byBranch.query);
    expect(switchWidgetType(byBranch, 'pie_chart').query).toEqual(byBranch.query);

    const pie = switchWidgetType(defaultWidget('products-today'), 'pie_chart');
    expect(activity(pie.query)).toMatchObject({ groupBy: { by: 'event_type' }, compare: null, filters: { eventTypes: ['PRODUCT_CREATED'] } });
    const bar = switchWidgetType(defaultWidget('products-today'), 'bar_chart');
    expect(activity(bar.query)).toMatchObject({ groupBy: { by: 'time', bucket: 'hour' }, compare: 'previous_period' });
  });

  it('picks a time bucket the server rolls up for the range and the measure', () => {
    // Distinct users are counted per hour: never minute buckets, even over an hour.
    const people = defaultWidget('people-active-today');
    const lastHour = Widget.parse({ ...people, query: { ...people.query, timeRange: { kind: 'relative', range: 'last_1h' } } });
    expect(activity(switchWidgetType(lastHour, 'line_chart').query).groupBy).toEqual({ by: 'time', bucket: 'hour' });
    const latency = switchWidgetType(defaultWidget('api-latency-p95'), 'sparkline');
    expect(activity(latency.query).groupBy).toEqual({ by: 'time', bucket: 'minute' });
    const heatmapAsLine = switchWidgetType(defaultWidget('activity-heatmap'), 'line_chart');
    expect(activity(heatmapAsLine.query).groupBy).toEqual({ by: 'time', bucket: 'day' });
  });

  it('keeps a source when it can answer the new shape: counters, reports and metrics', () => {
    expect(switchWidgetType(defaultWidget('events-per-minute'), 'metric_card').query).toEqual({ source: 'counters', counter: 'events_today' });
    expect(switchWidgetType(defaultWidget('active-users'), 'pie_chart').query).toEqual({ source: 'counters', counter: 'events_by_type_today' });
    expect(switchWidgetType(defaultWidget('reports-generated'), 'table').query).toMatchObject({ source: 'reports', measure: 'recently_generated' });
    expect(switchWidgetType(defaultWidget('most-viewed-reports'), 'metric_card').query).toMatchObject({ source: 'reports', measure: 'views' });
    expect(switchWidgetType(defaultWidget('queue-depth'), 'gauge').query).toMatchObject({ source: 'metrics', metricName: 'queue_depth', groupBy: { by: 'none' } });
    expect(switchWidgetType(defaultWidget('queue-depth'), 'pie_chart').query).toMatchObject({ source: 'metrics', groupBy: { by: 'label', label: 'queue' }, compare: null });
  });

  it('asks the same events of activity when the source cannot answer the shape', () => {
    const heatmap = switchWidgetType(defaultWidget('reports-generated'), 'heatmap');
    expect(activity(heatmap.query)).toMatchObject({ filters: { eventTypes: ['REPORT_GENERATED'] }, groupBy: { by: 'hour_of_week' }, timeRange: { kind: 'relative', range: 'today' } });
    const people = switchWidgetType(defaultWidget('most-active-users'), 'bar_chart');
    expect(activity(people.query)).toMatchObject({ groupBy: { by: 'time' }, measure: { kind: 'count' } });
    const pie = switchWidgetType(defaultWidget('most-active-users'), 'pie_chart');
    expect(activity(pie.query)).toMatchObject({ groupBy: { by: 'user' }, limit: 10 });
    const logins = switchWidgetType(defaultWidget('active-users'), 'heatmap');
    expect(activity(logins.query)).toMatchObject({ measure: { kind: 'distinct_users' }, groupBy: { by: 'hour_of_week' } });
  });
});
