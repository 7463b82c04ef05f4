import { describe, expect, it } from 'vitest';
import { CreateDashboardInput, DashboardContent, type DashboardContentInput, UpdateDashboardInput } from './dashboard-configs.ts';
import { LivePublicDashboardInput, PublicWidgetsInput } from './shares.ts';
import { DrillFilter, LiveDashboardInput, MAX_DRILL_FILTERS, WidgetsDataInput } from './widget-data.ts';
import { queryShape, Widget, WIDGET_LIMITS, WIDGET_TYPES, type WidgetInput, type WidgetType } from './widgets.ts';

/** The issues of a refused value as "path: message" lines, for readable assertions. */
function issuesOf(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): string[] {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
}

const lastHour = { kind: 'relative', range: 'last_1h' } as const;
const count = { source: 'activity', measure: { kind: 'count' }, timeRange: lastHour } as const;

/** One valid widget of each type, each drawing an answer of its own shape. */
const VALID: Record<WidgetType, WidgetInput> = {
  metric_card: { id: 'm', type: 'metric_card', title: 'Active users', query: { source: 'counters', counter: 'active_users' } },
  kpi_card: { id: 'k', type: 'kpi_card', title: 'Products', query: { ...count, compare: 'previous_period' }, options: { target: 100 } },
  gauge: { id: 'g', type: 'gauge', title: 'p95', query: { ...count, measure: { kind: 'p95', property: 'durationMs' } }, options: { max: 2000 } },
  progress_bar: { id: 'p', type: 'progress_bar', title: 'Reports', query: { source: 'reports', measure: 'generated_count' }, options: { target: 50 } },
  sparkline: { id: 's', type: 'sparkline', title: 'Per minute', query: { source: 'counters', counter: 'events_per_minute' } },
  line_chart: { id: 'l', type: 'line_chart', title: 'By hour', query: { ...count, groupBy: { by: 'time', bucket: 'hour' }, timeRange: { kind: 'relative', range: 'last_24h' } } },
  bar_chart: { id: 'b', type: 'bar_chart', title: 'By branch', query: { ...count, groupBy: { by: 'branch' } } },
  pie_chart: { id: 'pi', type: 'pie_chart', title: 'By type', query: { source: 'counters', counter: 'events_by_type_today' } },
  table: { id: 't', type: 'table', title: 'Most active', query: { source: 'engagement', measure: 'most_active_users' } },
  heatmap: { id: 'h', type: 'heatmap', title: 'Hour × weekday', query: { ...count, groupBy: { by: 'hour_of_week' }, timeRange: { kind: 'relative', range: 'last_30d' } } },
};

function content(widgets: WidgetInput[], extra: Partial<DashboardContentInput> = {}): DashboardContentInput {
  return {
    name: 'Mine',
    visibility: 'private',
    widgetPreferences: widgets,
    layoutConfig: { lg: widgets.map((widget, index) => ({ widgetId: widget.id, x: (index % 4) * 3, y: Math.floor(index / 4) * 2, w: 3, h: 2 })) },
    ...extra,
  };
}

describe('widgets', () => {
  it.each(WIDGET_TYPES)('accepts a %s with its defaults filled in', (type) => {
    const parsed = Widget.parse(VALID[type]);
    expect(parsed.type).toBe(type);
    expect(parsed.options.numberFormat).toBe('integer');
  });

  it('tells each source and grouping apart by the shape of its answer', () => {
    expect(WIDGET_TYPES.map((type) => queryShape(Widget.parse(VALID[type]).query))).toEqual([
      'scalar', 'series', 'categories', 'categories', 'rows', 'scalar', 'scalar', 'series', 'grid', 'scalar',
    ]);
  });

  it('refuses a heatmap without a two-dimensional grouping, saying what would fit', () => {
    expect(issuesOf(Widget, { ...VALID.heatmap, query: { ...count, groupBy: { by: 'time', bucket: 'hour' } } })).toEqual([
      'query: a heatmap needs a two-dimensional grouping: groupBy hour_of_week (hour of day × weekday); this query answers series',
    ]);
  });

  it.each([
    ['a pie chart of one number', { ...VALID.pie_chart, query: { source: 'counters', counter: 'active_users' } }, 'query: a pie_chart needs categories'],
    ['a metric card of a series', { ...VALID.metric_card, query: { source: 'counters', counter: 'events_per_minute' } }, 'query: a metric_card needs one number'],
    ['a line chart of a table', { ...VALID.line_chart, query: { source: 'engagement', measure: 'most_active_users' } }, 'query: a line_chart needs a series over time'],
    ['a sparkline of a heatmap grid', { ...VALID.sparkline, query: VALID.heatmap.query }, 'query: a sparkline needs a series over time'],
    ['a p95 without its property', { ...VALID.gauge, query: { ...count, measure: { kind: 'p95' } } }, 'query.measure.property: '],
    ['a kpi card without a target', { ...VALID.kpi_card, options: {} }, 'options.target: '],
    ['a gauge whose max is not above min', { ...VALID.gauge, options: { min: 10, max: 10 } }, 'options.max: max is above min'],
    ['a progress bar with a target of 0', { ...VALID.progress_bar, options: { target: 0 } }, 'options.target: a target above 0'],
    ['a live counter with a previous period', { ...VALID.metric_card, query: { source: 'counters', counter: 'active_users', compare: 'previous_period' } }, 'query: Unrecognized key: "compare"'],
    ['a previous period of categories', { ...VALID.bar_chart, query: { ...VALID.bar_chart.query, compare: 'previous_period' } }, 'query.compare: a previous period compares one number or a series over time'],
    ['minute buckets over a week', { ...VALID.line_chart, query: { ...count, groupBy: { by: 'time', bucket: 'minute' }, timeRange: { kind: 'relative', range: 'last_7d' } } }, 'query.groupBy.bucket: minute buckets cover at most a day'],
    ['an absolute range ending before it starts', { ...VALID.metric_card, query: { ...count, timeRange: { kind: 'absolute', from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' } } }, 'query.timeRange.to: to is after from'],
    ['an unknown event type', { ...VALID.metric_card, query: { ...count, filters: { eventTypes: ['USER_LOGN'] } } }, 'query.filters.eventTypes.0: a built-in event type or custom.<name>'],
    ['thresholds out of order', { ...VALID.metric_card, options: { thresholds: [{ value: 5, color: '#ff0000' }, { value: 1, color: '#00ff00' }] } }, 'options.thresholds: thresholds ascend by value'],
    ['an unknown widget type', { ...VALID.metric_card, type: 'radar_chart' }, 'type: '],
  ])('refuses %s', (_name, widget, expected) => {
    expect(issuesOf(Widget, widget).join('\n')).toContain(expected);
  });

  it('refuses hostile input: huge strings, huge numbers, nesting where none belongs', () => {
    expect(issuesOf(Widget, { ...VALID.metric_card, title: 'x'.repeat(1_000_000) })).toEqual([`title: Too big: expected string to have <=${WIDGET_LIMITS.maxTitleLength} characters`]);
    expect(issuesOf(Widget, { ...VALID.kpi_card, options: { target: 1e308 } })).toEqual([`options.target: Too big: expected number to be <=${WIDGET_LIMITS.maxAbsNumber}`]);
    let deep: unknown = 'leaf';
    for (let depth = 0; depth < 10_000; depth++) deep = { deep };
    expect(issuesOf(Widget, { ...VALID.metric_card, options: { deep } })).toEqual(['options: Unrecognized key: "deep"']);
    expect(issuesOf(Widget, { ...VALID.metric_card, query: { ...count, filters: { properties: Array.from({ length: 21 }, () => ({ property: 'route', op: 'eq', values: ['/'] })) } } })).toEqual([
      `query.filters.properties: Too big: expected array to have <=${WIDGET_LIMITS.maxFilters} items`,
    ]);
    expect(issuesOf(Widget, { ...VALID.metric_card, query: { ...count, measure: { kind: 'avg', property: 'a;drop table x' } } })).toEqual([
      'query.measure.property: a property name is identifiers separated by dots',
    ]);
  });
});

describe('dashboard content', () => {
  const all = WIDGET_TYPES.map((type) => VALID[type]);

  it('accepts every widget type on one dashboard, with the document\'s theme by default', () => {
    const parsed = DashboardContent.parse(content(all));
    expect(parsed.widgetPreferences).toHaveLength(10);
    expect(parsed.themeSettings).toEqual({ mode: 'light', primaryColor: '#1976d2' });
    expect(parsed.role).toBeNull();
  });

  it('refuses more than 50 widgets', () => {
    const many = Array.from({ length: WIDGET_LIMITS.maxWidgets + 1 }, (_, index) => ({ ...VALID.metric_card, id: `w${index}` }));
    expect(issuesOf(DashboardContent, content(many))).toContain(`widgetPreferences: Too big: expected array to have <=${WIDGET_LIMITS.maxWidgets} items`);
  });

  it('checks the layout against the grid and the widgets', () => {
    const two = [VALID.metric_card, VALID.kpi_card];
    const layout = (lg: unknown[], more: Record<string, unknown> = {}) => ({ ...content(two), layoutConfig: { lg, ...more } });
    const at = (widgetId: string, x: number, y: number, w = 3, h = 2) => ({ widgetId, x, y, w, h });
    expect(issuesOf(DashboardContent, layout([at('m', 10, 0), at('k', 0, 0)]))).toEqual(['layoutConfig.lg.0.w: x + w is at most 12 (the grid\'s columns)']);
    expect(issuesOf(DashboardContent, layout([at('m', 0, 0), at('k', 3, 0), at('ghost', 6, 0)]))).toEqual(['layoutConfig.lg.2.widgetId: no widget has the id ghost']);
    expect(issuesOf(DashboardContent, layout([at('m', 0, 0), at('k', 2, 1)]))).toEqual(['layoutConfig.lg.1: overlaps widget m']);
    expect(issuesOf(DashboardContent, layout([at('m', 0, 0)]))).toEqual(['layoutConfig.lg: widget k has no place in lg']);
    expect(issuesOf(DashboardContent, layout([at('m', 0, 0), at('k', 3, 0)], { xs: [at('m', 0, 0, 12), at('m', 0, 2, 12)] }))).toEqual(['layoutConfig.xs.1.widgetId: widget m is placed twice']);
    expect(issuesOf(DashboardContent, layout([at('m', 0, 0), at('k', 3, 0)], { xxl: [] }))).toEqual(['layoutConfig: Unrecognized key: "xxl"']);
    expect(issuesOf(DashboardContent, { ...content([VALID.metric_card, { ...VALID.kpi_card, id: 'm' }]) })).toContain('widgetPreferences.1.id: widget id m is used twice');
  });

  it('ties a role to role visibility only', () => {
    expect(issuesOf(DashboardContent, content(all, { visibility: 'role' }))).toEqual(['role: a role dashboard names its role']);
    expect(issuesOf(DashboardContent, content(all, { visibility: 'organization', role: 'LEADER' }))).toEqual(['role: a organization dashboard has no role']);
    expect(DashboardContent.parse(content(all, { visibility: 'role', role: 'LEADER' })).role).toBe('LEADER');
  });

  it('takes the organization and a note on create, and refuses unknown fields on create and update', () => {
    expect(CreateDashboardInput.parse({ ...content(all), organizationId: crypto.randomUUID(), note: 'first' }).note).toBe('first');
    expect(issuesOf(CreateDashboardInput, { ...content(all), version: 7 })).toEqual([': Unrecognized key: "version"']);
    expect(issuesOf(UpdateDashboardInput, { id: crypto.randomUUID(), expectedVersion: 1, isDefault: true })).toEqual([': Unrecognized key: "isDefault"']);
    expect(issuesOf(UpdateDashboardInput, { id: crypto.randomUUID() })).toEqual(['expectedVersion: Invalid input: expected number, received undefined']);
  });
});

describe('the dashboard overrides', () => {
  const dashboardId = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
  const token = 'a'.repeat(43);
  const filters = [{ dimension: 'department', value: 'none' }, { dimension: 'hour_of_week', weekday: 7, hour: 23 }];

  it('are taken alike by widgets.data, live.dashboard and the public link inputs', () => {
    for (const [schema, input] of [
      [WidgetsDataInput, { dashboardId }],
      [LiveDashboardInput, { dashboardId }],
      [PublicWidgetsInput, { token }],
      [LivePublicDashboardInput, { token }],
    ] as const) {
      const parsed = schema.parse({ ...input, filters, timeRange: lastHour, compare: 'previous_period' });
      expect(parsed).toMatchObject({ filters, timeRange: lastHour, compare: 'previous_period' });
    }
  });

  it('refuse more filters than a widget may have, and filters that are not one of the dimensions', () => {
    const many = Array.from({ length: MAX_DRILL_FILTERS + 1 }, (_, hour) => ({ dimension: 'hour_of_week', weekday: 1, hour: hour % 24 }));
    expect(issuesOf(WidgetsDataInput, { dashboardId, filters: many })).toEqual([`filters: Too big: expected array to have <=${MAX_DRILL_FILTERS} items`]);
    expect(issuesOf(DrillFilter, { dimension: 'branch', value: 'hq' }).length).toBeGreaterThan(0);
    expect(issuesOf(DrillFilter, { dimension: 'organization', value: dashboardId }).length).toBeGreaterThan(0);
    expect(issuesOf(DrillFilter, { dimension: 'user', value: 'u', scope: 'all' }).length).toBeGreaterThan(0);
  });
});
