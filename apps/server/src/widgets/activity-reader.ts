import { runSql } from '@pulse/db';
import type { EntityManager } from '@pulse/db';
import type { ActivityGroupBy, ActivityMeasure, WidgetData } from '@pulse/api-contract/schemas';
import { mergeSketches, type Sketch, sketchQuantile } from '../metrics/sketch.ts';
import { DAY_MS, floorTo, HOUR_MS, MINUTE_MS, MINUTE_ROWS_KEPT_MS } from '../rollups/rollup-plan.ts';
import { hasHourFilter, hasUserFilter, type RowFilter, rowCondition } from './drill-down-filters.ts';
import { scopeCondition, sqlParams } from './sql-builder.ts';
import { weekStart, type Window } from './time-window.ts';
import type { ViewerScope } from './viewer-scope.ts';
import { NotRolledUpError } from './widget-errors.ts';

/** What the activity source asks (the contract's ActivityQuery less what the rollups cannot hold). */
export type ActivityAsk = {
  measure: ActivityMeasure;
  groupBy: ActivityGroupBy;
  /** undefined: any type; empty: none (the drill-down filters and the widget's own list share no type). */
  eventTypes: string[] | undefined;
  limit: number;
  /** The drill-down filters on rows (branch, department, user, time of week). */
  rows?: readonly RowFilter[];
};

/** The event types as a condition: none asked, any type. */
export function eventTypeCondition(eventTypes: readonly string[] | undefined, params: ReturnType<typeof sqlParams>): string {
  if (eventTypes === undefined) return '';
  return eventTypes.length === 0 ? 'AND FALSE' : `AND event_type = ANY(${params.add(eventTypes)}::text[])`;
}

type Segment = { granularity: 'minute' | 'hour' | 'day'; lo: number; hi: number };
const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit;

/**
 * Which rollup rows cover [from, to) with every instant read once: whole days from daily rows,
 * whole hours from hourly ones, the partial hours at either end from minute rows while those are
 * kept (else the hour is read whole: a range older than two days starts at its hour). The
 * current hour's row holds everything counted so far, so a range ending now ends there.
 */
export function planSegments(window: Window, now: number): Segment[] {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const minutesFrom = now - MINUTE_ROWS_KEPT_MS + MINUTE_MS;
  const edge = (lo: number, hi: number): Segment => (lo >= minutesFrom ? { granularity: 'minute', lo: floorTo(lo, MINUTE_MS), hi } : { granularity: 'hour', lo: floorTo(lo, HOUR_MS), hi });
  const h0 = ceilTo(from, HOUR_MS);
  const h1 = floorTo(to, HOUR_MS);
  if (h0 > h1) return [edge(from, to)];
  const segments: Segment[] = [];
  if (from < h0) segments.push(edge(from, h0));
  const d0 = ceilTo(h0, DAY_MS);
  const d1 = floorTo(h1, DAY_MS);
  if (d0 < d1) {
    if (h0 < d0) segments.push({ granularity: 'hour', lo: h0, hi: d0 });
    segments.push({ granularity: 'day', lo: d0, hi: d1 });
    if (d1 < h1) segments.push({ granularity: 'hour', lo: d1, hi: h1 });
  } else if (h0 < h1) {
    segments.push({ granularity: 'hour', lo: h0, hi: h1 });
  }
  if (h1 < to) segments.push(to >= now - MINUTE_MS ? { granularity: 'hour', lo: h1, hi: to } : edge(h1, to));
  return segments.filter((segment) => segment.hi > segment.lo);
}

const TIME_UNIT = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS, week: 7 * DAY_MS } as const;
const alignDown = (ms: number, bucket: keyof typeof TIME_UNIT) => (bucket === 'week' ? weekStart(ms) : floorTo(ms, TIME_UNIT[bucket]));

/** The SQL expression a row is grouped by, and the key it becomes. */
function groupExpression(groupBy: ActivityGroupBy, table: 'rollups' | 'users'): string {
  switch (groupBy.by) {
    case 'none':
      return `''`;
    case 'time':
      return `to_char(date_trunc('${groupBy.bucket}', bucket_start, 'UTC') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
    case 'event_type':
      return 'event_type';
    case 'branch':
      return `coalesce(branch_id::text, '')`;
    case 'department':
      return `coalesce(department_id::text, '')`;
    case 'hour_of_week':
      return `(extract(isodow FROM bucket_start AT TIME ZONE 'UTC')::int * 100 + extract(hour FROM bucket_start AT TIME ZONE 'UTC')::int)::text`;
    case 'user':
      if (table === 'users') return 'user_id';
      throw new NotRolledUpError('Grouping by user counts events only (count).');
    case 'property':
      throw new NotRolledUpError('Grouping by a property is not rolled up: group by time, type, user, branch or department.');
  }
}

type Partial = { count: number; n: number; sum: number; min: number; max: number; sketch: Sketch };
const numericValue = (measure: ActivityMeasure, partial: Partial): number | null => {
  if (measure.kind === 'count' || measure.kind === 'distinct_users') return partial.count;
  if (partial.n === 0) return null;
  if (measure.kind === 'sum') return partial.sum;
  if (measure.kind === 'avg') return partial.sum / partial.n;
  return sketchQuantile(partial.sketch, Number(measure.kind.slice(1)) / 100, { min: partial.min, max: partial.max });
};

/**
 * Reads one activity question from the rollups: counts and numeric summaries from
 * activity_rollups, distinct users and per-user counts from activity_user_rollups (whole hours:
 * a range starting mid-hour counts that hour's users). Answers group key → value.
 */
export async function readActivity(em: EntityManager, organizationId: string, scope: ViewerScope, ask: ActivityAsk, window: Window, now: number): Promise<Map<string, number | null>> {
  const { measure, groupBy } = ask;
  const rows = ask.rows ?? [];
  // A user filter reads the per-user hours, which keep counts only.
  const perUser = measure.kind === 'distinct_users' || groupBy.by === 'user' || hasUserFilter(rows);
  if (groupBy.by === 'user' && measure.kind !== 'count') throw new NotRolledUpError('Grouping by user counts events only (count).');
  if (hasUserFilter(rows) && measure.kind !== 'count' && measure.kind !== 'distinct_users') throw new NotRolledUpError('A user filter narrows counts only: numeric properties are not kept per user.');
  // A time-of-week filter needs rows no longer than an hour: daily rows are read as their hours.
  const finest = (granularity: 'minute' | 'hour' | 'day') => (granularity === 'day' && hasHourFilter(rows) ? 'hour' : granularity);
  if ('property' in measure && measure.property.includes('.')) throw new NotRolledUpError('Only top-level numeric properties are rolled up.');
  const params = sqlParams([organizationId]);
  const group = groupExpression(groupBy, perUser ? 'users' : 'rollups');
  const types = eventTypeCondition(ask.eventTypes, params);
  const scoped = `${scopeCondition(scope, params)} AND ${rowCondition(rows, params)}`;

  let range: string;
  if (perUser || groupBy.by === 'time' || groupBy.by === 'hour_of_week') {
    // One tier, aligned to its buckets: hours for users and the weekly grid, the series' own bucket otherwise.
    const bucket = groupBy.by === 'time' ? groupBy.bucket : 'hour';
    if (perUser && bucket === 'minute') throw new NotRolledUpError('Users are counted per hour: use hour, day or week buckets.');
    const granularity = perUser ? null : finest(bucket === 'week' ? 'day' : bucket);
    const lo = alignDown(window.from.getTime(), bucket);
    range = `${granularity ? `granularity = '${granularity}' AND ` : ''}bucket_start >= ${params.add(new Date(lo).toISOString())}::timestamptz AND bucket_start < ${params.add(window.to.toISOString())}::timestamptz`;
  } else {
    const segments = planSegments(window, now);
    range = `(${segments
      .map((s) => `(granularity = '${finest(s.granularity)}' AND bucket_start >= ${params.add(new Date(s.lo).toISOString())}::timestamptz AND bucket_start < ${params.add(new Date(s.hi).toISOString())}::timestamptz)`)
      .join(' OR ')})`;
  }

  const result = new Map<string, number | null>();
  if (perUser) {
    const aggregate = measure.kind === 'distinct_users' ? 'count(DISTINCT user_id)' : 'sum(event_count)';
    const limit = groupBy.by === 'user' ? `ORDER BY 2 DESC, 1 LIMIT ${params.add(ask.limit)}` : '';
    const sql = `SELECT ${group} AS g, ${aggregate}::float8 AS v FROM activity_user_rollups WHERE organization_id = $1 AND ${range} ${types} AND ${scoped} GROUP BY 1 ${limit}`;
    for (const row of await runSql<{ g: string; v: number }>(em, sql, params.values)) result.set(row.g, Number(row.v));
    return result;
  }
  if (measure.kind === 'count') {
    const sql = `SELECT ${group} AS g, sum(event_count)::float8 AS v FROM activity_rollups WHERE organization_id = $1 AND ${range} ${types} AND ${scoped} GROUP BY 1`;
    for (const row of await runSql<{ g: string; v: number }>(em, sql, params.values)) result.set(row.g, Number(row.v));
    return result;
  }
  // Numeric measures: the property's summaries, merged here (sketches add key by key).
  const property = params.add(measure.property);
  const sql = `SELECT ${group} AS g, numeric -> ${property} AS s FROM activity_rollups WHERE organization_id = $1 AND ${range} ${types} AND ${scoped} AND numeric ? ${property}`;
  const partials = new Map<string, Partial>();
  for (const row of await runSql<{ g: string; s: { n: number; sum: number; min: number; max: number; sketch: Sketch } }>(em, sql, params.values)) {
    const partial = partials.get(row.g) ?? { count: 0, n: 0, sum: 0, min: Infinity, max: -Infinity, sketch: {} };
    partial.n += Number(row.s.n);
    partial.sum += Number(row.s.sum);
    partial.min = Math.min(partial.min, Number(row.s.min));
    partial.max = Math.max(partial.max, Number(row.s.max));
    mergeSketches(partial.sketch, row.s.sketch);
    partials.set(row.g, partial);
  }
  for (const [key, partial] of partials) result.set(key, numericValue(measure, partial));
  return result;
}

/** The buckets of a series from the window's aligned start to its end. */
export function seriesOf(values: Map<string, number | null>, window: Window, bucket: keyof typeof TIME_UNIT, emptyValue: number | null): Extract<WidgetData, { shape: 'series' }> {
  const points = [];
  for (let t = alignDown(window.from.getTime(), bucket); t < window.to.getTime(); t = bucket === 'week' ? t + 7 * DAY_MS : t + TIME_UNIT[bucket]) {
    const key = new Date(t).toISOString().replace('.000Z', 'Z');
    points.push({ t: new Date(t).toISOString(), value: values.get(key) ?? emptyValue });
  }
  return { shape: 'series', points };
}

export function gridOf(values: Map<string, number | null>): Extract<WidgetData, { shape: 'grid' }> {
  const cells = [];
  for (let y = 1; y <= 7; y++) for (let x = 0; x < 24; x++) cells.push({ x, y, value: values.get(String(y * 100 + x)) ?? 0 });
  return { shape: 'grid', cells };
}
