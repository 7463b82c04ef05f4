import { metricPartitions, runSql } from '@pulse/db';
import type { EntityManager } from '@pulse/db';
import { saturated, saturatedSum } from './saturating-sum.ts';
import type { StoredSample } from './stored-sample.ts';

/**
 * One statement per batch: store the samples (duplicates by (organization, time, id) skipped),
 * then, from the rows that were new only, move each series' latest value and totals, mark the
 * hours that already ended as needing a new rollup, and name the enabled rules that watch one of
 * the metrics. A retried batch therefore changes nothing twice.
 *
 * Series rows are upserted in key order, so two batches touching the same series lock them in
 * the same order and never deadlock. Running totals saturate rather than overflow.
 */
const STORE_BATCH = `
WITH input AS (
  SELECT * FROM unnest($2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[],
                       $9::float8[], $10::int8[], $11::float8[], $12::float8[], $13::float8[], $14::jsonb[], $15::jsonb[], $16::text[])
    AS t(id, recorded_at, name, labels_hash, labels, type, category, value, count, sum, min, max, sketch, detail, user_id)
),
ins AS (
  INSERT INTO metric_samples (organization_id, recorded_at, id, name, labels_hash, labels, type, category, value, count, sum, min, max, sketch, detail, user_id, received_at)
  SELECT $1::uuid, recorded_at, id, name, labels_hash, labels, type, category, value, count, sum, min, max, sketch, detail, user_id, $17::timestamptz FROM input
  ON CONFLICT DO NOTHING
  RETURNING recorded_at, name, labels_hash, labels, type, category, value, count, sum
),
series AS (
  INSERT INTO metric_series (organization_id, name, labels_hash, labels, type, category, last_value, last_recorded_at, total_sum, total_count, first_seen_at, updated_at)
  SELECT $1::uuid, name, labels_hash, (array_agg(labels))[1], (array_agg(type))[1], (array_agg(category ORDER BY recorded_at DESC))[1],
         (array_agg(value ORDER BY recorded_at DESC))[1], max(recorded_at), ${saturatedSum('sum')}, sum(count), min(recorded_at), $17::timestamptz
  FROM ins GROUP BY name, labels_hash ORDER BY name, labels_hash
  ON CONFLICT (organization_id, name, labels_hash) DO UPDATE SET
    last_value = CASE WHEN excluded.last_recorded_at >= metric_series.last_recorded_at THEN excluded.last_value ELSE metric_series.last_value END,
    category = CASE WHEN excluded.last_recorded_at >= metric_series.last_recorded_at THEN excluded.category ELSE metric_series.category END,
    last_recorded_at = greatest(metric_series.last_recorded_at, excluded.last_recorded_at),
    total_sum = ${saturated('(metric_series.total_sum::numeric + excluded.total_sum::numeric)')},
    total_count = metric_series.total_count + excluded.total_count,
    first_seen_at = least(metric_series.first_seen_at, excluded.first_seen_at),
    updated_at = excluded.updated_at
  RETURNING 1
),
late AS (
  INSERT INTO metric_rollup_pending (organization_id, hour_start)
  SELECT DISTINCT $1::uuid, date_trunc('hour', recorded_at, 'UTC') FROM ins WHERE recorded_at < $18::timestamptz ORDER BY 2
  ON CONFLICT (organization_id, hour_start) DO UPDATE SET version = metric_rollup_pending.version + 1, marked_at = now()
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS stored,
       (SELECT count(*) FROM series)::int AS series,
       (SELECT count(*) FROM late)::int AS late_hours,
       ARRAY(SELECT r.id FROM alert_rules r
              WHERE r.organization_id = $1::uuid AND r.enabled AND r.source = 'metric' AND r.metric_name IN (SELECT name FROM ins)) AS rule_ids`;

export type StoreResult = {
  stored: number;
  /** Hours (already over) that got new samples: their rollups must be made again. */
  lateHours: number;
  /** Enabled rules watching a metric that got new samples. */
  ruleIds: string[];
};

type Row = { stored: number; late_hours: number; rule_ids: string[] | null };

const MISSING_PARTITION = 'no partition of relation';

export async function storeSamples(em: EntityManager, organizationId: string, samples: StoredSample[], now: Date): Promise<StoreResult> {
  const currentHour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const params = [
    organizationId,
    samples.map((s) => s.id),
    samples.map((s) => s.recordedAt),
    samples.map((s) => s.name),
    samples.map((s) => s.labelsHash),
    samples.map((s) => JSON.stringify(s.labels)),
    samples.map((s) => s.type),
    samples.map((s) => s.category),
    samples.map((s) => s.value),
    samples.map((s) => s.count),
    samples.map((s) => s.sum),
    samples.map((s) => s.min),
    samples.map((s) => s.max),
    samples.map((s) => JSON.stringify(s.sketch)),
    samples.map((s) => (s.detail ? JSON.stringify(s.detail) : null)),
    samples.map((s) => s.userId),
    now.toISOString(),
    currentHour.toISOString(),
  ];
  let rows: Row[];
  try {
    rows = await runSql<Row>(em, STORE_BATCH, params);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes(MISSING_PARTITION)) throw error;
    // Accepted timestamps lie inside the partitioned window; this covers a maintenance run
    // that has not happened yet (a fresh install just after midnight).
    const times = samples.map((s) => Date.parse(s.recordedAt));
    await metricPartitions.ensure(em, new Date(Math.min(...times)), new Date(Math.max(...times)));
    rows = await runSql<Row>(em, STORE_BATCH, params);
  }
  const [row] = rows;
  return { stored: row?.stored ?? 0, lateHours: row?.late_hours ?? 0, ruleIds: row?.rule_ids ?? [] };
}
