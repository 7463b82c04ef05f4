import type { EntityManager } from '@pulse/db';
import { runSql } from '@pulse/db';
import { METRIC_LIMITS, type AggregatedMetric, type MetricAggregation, type MetricPoint } from '@pulse/api-contract/schemas';
import { InvalidInputError } from '@pulse/api-contract/errors';
import { PLATFORM_RUN } from './rollup.ts';
import { saturatedAdd, saturatedSum } from './saturating-sum.ts';
import { mergeSketches, type Sketch, sketchQuantile } from './sketch.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Ranges up to this long are answered from raw samples; longer ones from rollups. */
export const RAW_RANGE_LIMIT_MS = DAY_MS;

export type AggregateRequest = {
  name: string;
  from: Date;
  to: Date;
  stepSeconds: number;
  aggregation: MetricAggregation;
  labels: Record<string, string>;
};

/** What one step collected: all mergeable, so tiers and rows simply add up. */
type Partial = { count: number; sum: number; min: number | null; max: number | null; sketch: Sketch };

/**
 * One source of rows for a range: raw samples or hourly / daily rollups, limited to the time
 * buckets it is responsible for (see planTiers). Table and column names are constants here.
 */
type Tier = {
  source: 'raw' | 'hour' | 'day';
  lo: Date;
  hi: Date;
  includeAfter: Date;
  includeHours: Date[];
  includeDays: Date[];
  excludeHours: Date[];
  excludeDays: Date[];
};

const TIER_SQL = (source: Tier['source'], withSketch: boolean) => {
  const table = source === 'raw' ? 'metric_samples' : 'metric_rollups';
  const t = source === 'raw' ? 'recorded_at' : 'bucket_start';
  const granularity = source === 'raw' ? '' : `AND granularity = '${source}'`;
  return `
WITH rows AS (
  SELECT floor(extract(epoch FROM (${t} - $3::timestamptz)) / $4::float8)::int AS step, count, sum, min, max, sketch
  FROM ${table}
  WHERE organization_id = $1::uuid AND name = $2 ${granularity}
    AND ${t} >= $5::timestamptz AND ${t} < $6::timestamptz AND labels @> $7::jsonb
    AND (${t} >= $8::timestamptz OR date_trunc('hour', ${t}, 'UTC') = ANY($9::timestamptz[]) OR date_trunc('day', ${t}, 'UTC') = ANY($10::timestamptz[]))
    AND NOT (date_trunc('hour', ${t}, 'UTC') = ANY($11::timestamptz[]))
    AND NOT (date_trunc('day', ${t}, 'UTC') = ANY($12::timestamptz[]))
),
agg AS (SELECT step, sum(count)::float8 AS count, ${saturatedSum('sum')} AS sum, min(min) AS min, max(max) AS max FROM rows GROUP BY step)
${
  withSketch
    ? `, sk AS (
  SELECT step, jsonb_object_agg(key, n) AS sketch
  FROM (SELECT r.step, e.key, sum(e.value::float8) AS n FROM rows r CROSS JOIN LATERAL jsonb_each_text(r.sketch) e GROUP BY 1, 2) x
  GROUP BY step)
SELECT agg.*, sk.sketch FROM agg LEFT JOIN sk USING (step)`
    : 'SELECT agg.*, NULL::jsonb AS sketch FROM agg'
}`;
};

type TierRow = { step: number; count: number; sum: number; min: number | null; max: number | null; sketch: Sketch | null };

type Watermarks = { hour: Date | null; day: Date | null; pendingHours: Date[] };

const WATERMARKS_SQL = `
SELECT (SELECT max(bucket_end) FROM metric_aggregation_runs WHERE granularity = 'hour' AND status = 'completed' AND ${PLATFORM_RUN}) AS hour,
       (SELECT max(bucket_end) FROM metric_aggregation_runs WHERE granularity = 'day' AND status = 'completed' AND ${PLATFORM_RUN}) AS day,
       ARRAY(SELECT hour_start FROM metric_rollup_pending WHERE organization_id = $1::uuid AND hour_start >= $2::timestamptz AND hour_start < $3::timestamptz) AS pending`;

const toDate = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string));
const dayOf = (time: Date) => new Date(Math.floor(time.getTime() / DAY_MS) * DAY_MS);
const clamp = (time: Date, lo: Date, hi: Date) => new Date(Math.min(Math.max(time.getTime(), lo.getTime()), hi.getTime()));

/**
 * Splits [from, to) between the sources so that every instant is read exactly once: daily rollups
 * for whole days already rolled (when the step is in days), hourly rollups for hours rolled, raw
 * samples for the rest (the newest hours not yet rolled, and hours that got late samples).
 */
export function planTiers(from: Date, to: Date, granularity: 'hour' | 'day', marks: Watermarks): Tier[] {
  const rolledTo = clamp(marks.hour ?? from, from, to);
  const dayRolledTo = granularity === 'day' && marks.day ? clamp(dayOf(new Date(Math.min(marks.day.getTime(), rolledTo.getTime()))), from, to) : from;
  const pendingDays = [...new Map(marks.pendingHours.map((hour) => [dayOf(hour).getTime(), dayOf(hour)])).values()];
  const none: Date[] = [];
  const tiers: Tier[] = [
    { source: 'day', lo: from, hi: dayRolledTo, includeAfter: from, includeHours: none, includeDays: none, excludeHours: none, excludeDays: pendingDays },
    { source: 'hour', lo: from, hi: rolledTo, includeAfter: dayRolledTo, includeHours: none, includeDays: pendingDays, excludeHours: marks.pendingHours, excludeDays: none },
    { source: 'raw', lo: from, hi: to, includeAfter: rolledTo, includeHours: marks.pendingHours, includeDays: none, excludeHours: none, excludeDays: none },
  ];
  return tiers.filter((tier) => tier.hi > tier.lo);
}

function valueOf(aggregation: MetricAggregation, partial: Partial, stepSeconds: number, isCounter: boolean): number | null {
  if (partial.count === 0) return null;
  switch (aggregation) {
    case 'avg':
      return partial.sum / partial.count;
    case 'sum':
      return partial.sum;
    case 'count':
      return partial.count;
    case 'min':
      return partial.min;
    case 'max':
      return partial.max;
    case 'rate':
      return (isCounter ? partial.sum : partial.count) / stepSeconds;
    default:
      return sketchQuantile(partial.sketch, Number(aggregation.slice(1)) / 100, partial);
  }
}

/**
 * `metrics.aggregated`: one value per step. Ranges up to a day read raw samples with the step
 * as given; longer ones read rollups, with the range aligned to whole hours (days) and the step
 * rounded up to whole hours (days, when the step is a day or more).
 */
export async function aggregateMetric(em: EntityManager, organizationId: string, request: AggregateRequest): Promise<AggregatedMetric> {
  const rangeMs = request.to.getTime() - request.from.getTime();
  const raw = rangeMs <= RAW_RANGE_LIMIT_MS;
  const granularity = request.stepSeconds * 1000 >= DAY_MS ? 'day' : 'hour';
  const unitMs = raw ? 1000 : granularity === 'day' ? DAY_MS : HOUR_MS;
  const stepMs = Math.ceil((request.stepSeconds * 1000) / unitMs) * unitMs;
  const from = raw ? request.from : new Date(Math.floor(request.from.getTime() / unitMs) * unitMs);
  const to = raw ? request.to : new Date(Math.ceil(request.to.getTime() / unitMs) * unitMs);
  const stepCount = Math.ceil((to.getTime() - from.getTime()) / stepMs);
  if (stepCount > METRIC_LIMITS.maxPoints + 2) {
    throw new InvalidInputError(`At most ${METRIC_LIMITS.maxPoints} points: use a larger step.`);
  }

  const [series] = await runSql<{ type: string }>(em, 'SELECT type FROM metric_series WHERE organization_id = $1 AND name = $2 LIMIT 1', [organizationId, request.name]);
  if (request.aggregation === 'rate' && series?.type === 'gauge') {
    throw new InvalidInputError(`${request.name} is a gauge: rate applies to counters, histograms and summaries.`);
  }

  let tiers: Tier[];
  if (raw) {
    tiers = [{ source: 'raw', lo: from, hi: to, includeAfter: from, includeHours: [], includeDays: [], excludeHours: [], excludeDays: [] }];
  } else {
    const [marks] = await runSql<{ hour: string | null; day: string | null; pending: unknown[] }>(em, WATERMARKS_SQL, [organizationId, from.toISOString(), to.toISOString()]);
    tiers = planTiers(from, to, granularity, {
      hour: toDate(marks?.hour),
      day: toDate(marks?.day),
      pendingHours: (marks?.pending ?? []).map((hour) => toDate(hour) as Date),
    });
  }

  const withSketch = request.aggregation.startsWith('p');
  const steps = new Map<number, Partial>();
  for (const tier of tiers) {
    const rows = await runSql<TierRow>(em, TIER_SQL(tier.source, withSketch), [
      organizationId,
      request.name,
      from.toISOString(),
      stepMs / 1000,
      tier.lo.toISOString(),
      tier.hi.toISOString(),
      JSON.stringify(request.labels),
      tier.includeAfter.toISOString(),
      tier.includeHours.map((d) => d.toISOString()),
      tier.includeDays.map((d) => d.toISOString()),
      tier.excludeHours.map((d) => d.toISOString()),
      tier.excludeDays.map((d) => d.toISOString()),
    ]);
    for (const row of rows) {
      const partial = steps.get(row.step) ?? { count: 0, sum: 0, min: null, max: null, sketch: {} };
      partial.count += Number(row.count);
      partial.sum = saturatedAdd(partial.sum, Number(row.sum));
      if (row.min !== null) partial.min = partial.min === null ? Number(row.min) : Math.min(partial.min, Number(row.min));
      if (row.max !== null) partial.max = partial.max === null ? Number(row.max) : Math.max(partial.max, Number(row.max));
      if (row.sketch) mergeSketches(partial.sketch, row.sketch);
      steps.set(row.step, partial);
    }
  }

  const isCounter = series?.type === 'counter';
  const points: MetricPoint[] = Array.from({ length: stepCount }, (_, index) => {
    const start = from.getTime() + index * stepMs;
    const partial = steps.get(index);
    const seconds = (Math.min(start + stepMs, to.getTime()) - start) / 1000;
    return {
      t: new Date(start).toISOString(),
      value: partial ? valueOf(request.aggregation, partial, seconds, isCounter) : null,
      count: partial?.count ?? 0,
    };
  });
  return {
    name: request.name,
    aggregation: request.aggregation,
    from: from.toISOString(),
    to: to.toISOString(),
    step: stepMs / 1000,
    resolution: raw ? 'raw' : granularity,
    points,
  };
}
