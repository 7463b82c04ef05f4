import { runSql } from '@pulse/db';
import type { EntityManager } from '@pulse/db';
import type { DashboardOverrides, DashboardSummary, DrillFilter, WidgetData, WidgetQuery } from '@pulse/api-contract/schemas';
import { aggregateMetric } from '../metrics/metric-query.ts';
import { floorTo, HOUR_MS, MINUTE_MS } from '../rollups/rollup-plan.ts';
import { type ActivityAsk, eventTypeCondition, gridOf, readActivity, seriesOf } from './activity-reader.ts';
import { narrowedEventTypes, rowCondition, rowFilters, takesFilters } from './drill-down-filters.ts';
import { scopeCondition, sqlParams } from './sql-builder.ts';
import { previousWindow, resolveWindow, type Window } from './time-window.ts';
import type { ViewerScope } from './viewer-scope.ts';
import { NotRolledUpError } from './widget-errors.ts';

export type Computed = { range: { from: string; to: string } | null; data: WidgetData; compare: WidgetData | null; filtered?: boolean };

export type ComputeContext = {
  em: EntityManager;
  organizationId: string;
  scope: ViewerScope;
  now: number;
  /**
   * The organization's live counters (Redis), for the organization scope; null while Redis is
   * away, and the counters are then answered from the rollups like for a narrower scope.
   */
  summary(organizationId: string): Promise<DashboardSummary | null>;
};

const iso = (window: Window) => ({ from: window.from.toISOString(), to: window.to.toISOString() });

async function labelsOf(ctx: ComputeContext, by: 'branch' | 'department'): Promise<Map<string, string>> {
  const table = by === 'branch' ? 'branches' : 'departments';
  const rows = await runSql<{ id: string; name: string }>(ctx.em, `SELECT id, name FROM ${table} WHERE organization_id = $1`, [ctx.organizationId]);
  return new Map(rows.map((row) => [row.id, row.name]));
}

async function activityData(ctx: ComputeContext, ask: ActivityAsk, window: Window): Promise<WidgetData> {
  const values = await readActivity(ctx.em, ctx.organizationId, ctx.scope, ask, window, ctx.now);
  const { groupBy, measure } = ask;
  const empty = measure.kind === 'count' || measure.kind === 'distinct_users' ? 0 : null;
  switch (groupBy.by) {
    case 'none':
      return { shape: 'scalar', value: values.get('') ?? empty };
    case 'time':
      return seriesOf(values, window, groupBy.bucket, empty);
    case 'hour_of_week':
      return gridOf(values);
    default: {
      const labels = groupBy.by === 'branch' || groupBy.by === 'department' ? await labelsOf(ctx, groupBy.by) : null;
      const items = [...values]
        .map(([key, value]) => ({ key: key === '' ? 'none' : key, label: labels ? (key === '' ? 'Unassigned' : (labels.get(key) ?? key)) : key, value }))
        .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.key.localeCompare(b.key))
        .slice(0, ask.limit);
      return { shape: 'categories', items };
    }
  }
}

/** The live counters as activity questions, for a scope narrower than the organization (Redis counts whole organizations) and while Redis is away. */
const COUNTER_ASKS: Record<WidgetQuery & { source: 'counters' } extends { counter: infer C } ? C & string : never, { ask: ActivityAsk; window(now: number): Window; bucket?: 'minute' }> = {
  active_users: { ask: { measure: { kind: 'distinct_users' }, groupBy: { by: 'none' }, eventTypes: undefined, limit: 10 }, window: (now) => ({ from: new Date(now - 5 * MINUTE_MS), to: new Date(now) }) },
  api_calls_per_minute: { ask: { measure: { kind: 'count' }, groupBy: { by: 'none' }, eventTypes: ['API_CALL'], limit: 10 }, window: (now) => ({ from: new Date(floorTo(now, MINUTE_MS)), to: new Date(now) }) },
  logins_per_hour: { ask: { measure: { kind: 'count' }, groupBy: { by: 'none' }, eventTypes: ['USER_LOGIN'], limit: 10 }, window: (now) => ({ from: new Date(now - HOUR_MS), to: new Date(now) }) },
  logouts_per_hour: { ask: { measure: { kind: 'count' }, groupBy: { by: 'none' }, eventTypes: ['USER_LOGOUT'], limit: 10 }, window: (now) => ({ from: new Date(now - HOUR_MS), to: new Date(now) }) },
  products_created_today: { ask: { measure: { kind: 'count' }, groupBy: { by: 'none' }, eventTypes: ['PRODUCT_CREATED'], limit: 10 }, window: (now) => ({ from: new Date(floorTo(now, 86_400_000)), to: new Date(now) }) },
  events_today: { ask: { measure: { kind: 'count' }, groupBy: { by: 'none' }, eventTypes: undefined, limit: 10 }, window: (now) => ({ from: new Date(floorTo(now, 86_400_000)), to: new Date(now) }) },
  events_per_minute: { ask: { measure: { kind: 'count' }, groupBy: { by: 'time', bucket: 'minute' }, eventTypes: undefined, limit: 10 }, window: (now) => ({ from: new Date(floorTo(now, MINUTE_MS) - 59 * MINUTE_MS), to: new Date(now) }) },
  events_by_type_today: { ask: { measure: { kind: 'count' }, groupBy: { by: 'event_type' }, eventTypes: undefined, limit: 100 }, window: (now) => ({ from: new Date(floorTo(now, 86_400_000)), to: new Date(now) }) },
};

function fromSummary(summary: DashboardSummary, counter: keyof typeof COUNTER_ASKS): WidgetData {
  switch (counter) {
    case 'active_users':
      return { shape: 'scalar', value: summary.activeUsers };
    case 'api_calls_per_minute':
      return { shape: 'scalar', value: summary.apiCallsPerMinute };
    case 'logins_per_hour':
      return { shape: 'scalar', value: summary.loginsLastHour };
    case 'logouts_per_hour':
      return { shape: 'scalar', value: summary.logoutsLastHour };
    case 'products_created_today':
      return { shape: 'scalar', value: summary.productsCreatedToday };
    case 'events_today':
      return { shape: 'scalar', value: summary.eventsToday };
    case 'events_per_minute':
      return { shape: 'series', points: summary.eventsPerMinute.map((point) => ({ t: point.minute, value: point.count })) };
    case 'events_by_type_today':
      return {
        shape: 'categories',
        items: Object.entries(summary.eventsByTypeToday)
          .map(([key, value]) => ({ key, label: key, value }))
          .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key)),
      };
  }
}

const USER_COLUMNS = ['userId', 'eventCount', 'loginCount', 'pageViews', 'apiCalls', 'reportsGenerated', 'reportsViewed', 'aiChatMessagesSent'] as const;
const ORDER_COLUMN: Record<string, number> = Object.fromEntries(USER_COLUMNS.map((column, index) => [column, index + 1]));

/** Most active users from the per-user hours (scoped like everything else). */
async function engagementData(ctx: ComputeContext, query: Extract<WidgetQuery, { source: 'engagement' }>, window: Window, filters: readonly DrillFilter[]): Promise<WidgetData> {
  const params = sqlParams([ctx.organizationId, new Date(floorTo(window.from.getTime(), HOUR_MS)).toISOString(), window.to.toISOString()]);
  const scoped = `${scopeCondition(ctx.scope, params)} AND ${rowCondition(rowFilters(filters), params)} ${eventTypeCondition(narrowedEventTypes(undefined, filters), params)}`;
  const sql = `
SELECT user_id, sum(event_count)::int AS a,
  (sum(event_count) FILTER (WHERE event_type = 'USER_LOGIN'))::int AS b, (sum(event_count) FILTER (WHERE event_type = 'PAGE_VIEW'))::int AS c,
  (sum(event_count) FILTER (WHERE event_type = 'API_CALL'))::int AS d, (sum(event_count) FILTER (WHERE event_type = 'REPORT_GENERATED'))::int AS e,
  (sum(event_count) FILTER (WHERE event_type = 'REPORT_VIEW'))::int AS f, (sum(event_count) FILTER (WHERE event_type = 'AI_CHAT_MESSAGE'))::int AS g
FROM activity_user_rollups
WHERE organization_id = $1 AND bucket_start >= $2::timestamptz AND bucket_start < $3::timestamptz AND ${scoped}
GROUP BY user_id ORDER BY ${ORDER_COLUMN[query.orderBy] ?? 2} DESC, 1 LIMIT ${params.add(query.limit)}`;
  const rows = await runSql<Record<'user_id' | 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g', string | number | null>>(ctx.em, sql, params.values);
  return { shape: 'rows', columns: [...USER_COLUMNS], rows: rows.map((row) => [row.user_id, ...(['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const).map((k) => Number(row[k] ?? 0))]) };
}

/** Report rankings (report_generation_stats knows no branch or department: the organization scope only). */
async function reportRows(ctx: ComputeContext, query: Extract<WidgetQuery, { source: 'reports' }>, window: Window): Promise<WidgetData> {
  if (ctx.scope.kind !== 'organization') return { shape: 'rows', columns: [], rows: [] };
  const params = sqlParams([ctx.organizationId, window.from.toISOString(), window.to.toISOString()]);
  const type = query.reportType ? `AND report_type = ${params.add(query.reportType)}` : '';
  if (query.measure === 'most_viewed') {
    const sql = `SELECT report_id, report_type, viewed_count FROM report_generation_stats WHERE organization_id = $1 AND last_viewed_at >= $2 AND last_viewed_at < $3 ${type} ORDER BY viewed_count DESC, report_id LIMIT ${params.add(query.limit)}`;
    const rows = await runSql<{ report_id: string; report_type: string | null; viewed_count: number }>(ctx.em, sql, params.values);
    return { shape: 'rows', columns: ['reportId', 'reportType', 'views'], rows: rows.map((row) => [row.report_id, row.report_type, Number(row.viewed_count)]) };
  }
  const sql = `SELECT report_id, report_type, generation_timestamp, processing_time_seconds FROM report_generation_stats WHERE organization_id = $1 AND generation_timestamp >= $2 AND generation_timestamp < $3 ${type} ORDER BY generation_timestamp DESC, report_id LIMIT ${params.add(query.limit)}`;
  const rows = await runSql<{ report_id: string; report_type: string | null; generation_timestamp: Date; processing_time_seconds: number | null }>(ctx.em, sql, params.values);
  return {
    shape: 'rows',
    columns: ['reportId', 'reportType', 'generatedAt', 'processingSeconds'],
    rows: rows.map((row) => [row.report_id, row.report_type, new Date(row.generation_timestamp).toISOString(), row.processing_time_seconds === null ? null : Number(row.processing_time_seconds)]),
  };
}

async function metricData(ctx: ComputeContext, query: Extract<WidgetQuery, { source: 'metrics' }>, window: Window): Promise<WidgetData> {
  // Metric samples carry no branch or department: they are the organization's.
  if (ctx.scope.kind !== 'organization') {
    return query.groupBy.by === 'time' ? { shape: 'series', points: [] } : query.groupBy.by === 'label' ? { shape: 'categories', items: [] } : { shape: 'scalar', value: null };
  }
  const rangeSeconds = Math.max(1, Math.ceil((window.to.getTime() - window.from.getTime()) / 1000));
  const ask = (labels: Record<string, string>, stepSeconds: number) =>
    aggregateMetric(ctx.em, ctx.organizationId, { name: query.metricName, from: window.from, to: window.to, stepSeconds, aggregation: query.aggregation, labels });
  const one = async (labels: Record<string, string>) => {
    const result = await ask(labels, rangeSeconds);
    const values = result.points.filter((point) => point.value !== null);
    if (values.length === 0) return null;
    if (query.aggregation === 'count' || query.aggregation === 'sum') return values.reduce((sum, point) => sum + (point.value ?? 0), 0);
    if (query.aggregation === 'min') return Math.min(...values.map((point) => point.value ?? Infinity));
    if (query.aggregation === 'max') return Math.max(...values.map((point) => point.value ?? -Infinity));
    return values.reduce((best, point) => (point.count > best.count ? point : best)).value;
  };
  if (query.groupBy.by === 'none') return { shape: 'scalar', value: await one(query.labels ?? {}) };
  if (query.groupBy.by === 'time') {
    const seconds = { minute: 60, hour: 3600, day: 86_400, week: 604_800 }[query.groupBy.bucket];
    const result = await ask(query.labels ?? {}, seconds);
    return { shape: 'series', points: result.points.map((point) => ({ t: point.t, value: point.value })) };
  }
  const label = query.groupBy.label;
  const values = await runSql<{ v: string }>(
    ctx.em,
    `SELECT DISTINCT labels ->> $3 AS v FROM metric_series WHERE organization_id = $1 AND name = $2 AND labels ? $3 ORDER BY 1 LIMIT $4`,
    [ctx.organizationId, query.metricName, label, query.limit],
  );
  const items = [];
  for (const { v } of values) items.push({ key: v, label: v, value: await one({ ...query.labels, [label]: v }) });
  items.sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
  return { shape: 'categories', items };
}

/**
 * Answers one query for one scope at ctx.now, with its previous period when asked, narrowed by
 * the drill-down `filters` where its source has their dimensions (`filtered` says which).
 */
export async function computeQuery(ctx: ComputeContext, query: WidgetQuery, filters: readonly DrillFilter[] = []): Promise<Computed> {
  const marker = filters.length === 0 ? {} : { filtered: takesFilters(query) };
  return { ...(await computeUnmarked(ctx, query, filters)), ...marker };
}

async function computeUnmarked(ctx: ComputeContext, query: WidgetQuery, filters: readonly DrillFilter[]): Promise<Computed> {
  const narrowed = (ask: ActivityAsk): ActivityAsk => ({ ...ask, eventTypes: narrowedEventTypes(ask.eventTypes, filters), rows: rowFilters(filters) });
  switch (query.source) {
    case 'counters': {
      // The organization's Redis counters know no branch, user or hour: filtered, they are read from the rollups.
      const summary = ctx.scope.kind === 'organization' && filters.length === 0 ? await ctx.summary(ctx.organizationId) : null;
      if (summary) return { range: null, data: fromSummary(summary, query.counter), compare: null };
      const { ask, window } = COUNTER_ASKS[query.counter];
      return { range: null, data: await activityData(ctx, narrowed(ask), window(ctx.now)), compare: null };
    }
    case 'activity': {
      if (query.filters.properties && query.filters.properties.length > 0) throw new NotRolledUpError('Property filters are not rolled up: filter by event type.');
      const ask = narrowed({ measure: query.measure, groupBy: query.groupBy, eventTypes: query.filters.eventTypes, limit: query.limit });
      const window = resolveWindow(query.timeRange, ctx.now);
      const data = await activityData(ctx, ask, window);
      const compare = query.compare ? await activityData(ctx, ask, previousWindow(query.timeRange, window)) : null;
      return { range: iso(window), data, compare };
    }
    case 'metrics': {
      const window = resolveWindow(query.timeRange, ctx.now);
      const data = await metricData(ctx, query, window);
      const compare = query.compare ? await metricData(ctx, query, previousWindow(query.timeRange, window)) : null;
      return { range: iso(window), data, compare };
    }
    case 'engagement': {
      const window = resolveWindow(query.timeRange, ctx.now);
      return { range: iso(window), data: await engagementData(ctx, query, window, filters), compare: null };
    }
    case 'reports': {
      const window = resolveWindow(query.timeRange, ctx.now);
      if (query.measure === 'most_viewed' || query.measure === 'recently_generated') return { range: iso(window), data: await reportRows(ctx, query, window), compare: null };
      // Counts and durations of report events come from the activity rollups, scoped and filtered like them.
      const type = query.measure === 'views' ? 'REPORT_VIEW' : 'REPORT_GENERATED';
      const measure = query.measure === 'avg_processing_seconds' ? ({ kind: 'avg', property: 'durationMs' } as const) : ({ kind: 'count' } as const);
      const data = await activityData(ctx, narrowed({ measure, groupBy: { by: 'none' }, eventTypes: [type], limit: 1 }), window);
      if (query.measure === 'avg_processing_seconds' && data.shape === 'scalar' && data.value !== null) data.value /= 1000;
      return { range: iso(window), data, compare: null };
    }
  }
}

/** The query with a dashboard-wide override of time range and comparison applied. */
export function withOverrides(query: WidgetQuery, overrides: Pick<DashboardOverrides, 'timeRange' | 'compare'>): WidgetQuery {
  if (query.source === 'counters') return query;
  const timeRange = overrides.timeRange ?? query.timeRange;
  if (query.source === 'activity' || query.source === 'metrics') return { ...query, timeRange, compare: overrides.compare === undefined ? query.compare : overrides.compare };
  return { ...query, timeRange };
}
