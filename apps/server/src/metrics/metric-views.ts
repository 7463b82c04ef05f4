import type { EntityManager } from '@pulse/db';
import { runSql } from '@pulse/db';
import { RESERVED_METRIC_PREFIX, type MetricCategory, type MetricSeriesSummary, type MetricSeriesView, type MetricType } from '@pulse/api-contract/schemas';
import { saturatedSum } from './saturating-sum.ts';

/** Series listed in one answer at most (a view is a screen, not an export). */
const MAX_SERIES = 500;

export type SeriesRow = {
  name: string;
  labels: Record<string, string>;
  type: MetricType;
  category: MetricCategory;
  last_value: number;
  last_recorded_at: string;
  total_sum: number;
  total_count: string;
  first_seen_at: string;
};

const iso = (value: string) => new Date(value).toISOString();

export function toSeriesView(row: SeriesRow): MetricSeriesView {
  return {
    name: row.name,
    type: row.type,
    category: row.category,
    labels: row.labels,
    value: Number(row.last_value),
    recordedAt: iso(row.last_recorded_at),
    total: { sum: Number(row.total_sum), count: Number(row.total_count) },
    firstSeenAt: iso(row.first_seen_at),
  };
}

export async function latestSeries(em: EntityManager, organizationId: string, name: string, labels: Record<string, string>): Promise<MetricSeriesView[]> {
  const rows = await runSql<SeriesRow>(
    em,
    `SELECT * FROM metric_series WHERE organization_id = $1 AND name = $2 AND labels @> $3::jsonb ORDER BY last_recorded_at DESC LIMIT ${MAX_SERIES}`,
    [organizationId, name, JSON.stringify(labels)],
  );
  return rows.map(toSeriesView);
}

type SummaryRow = SeriesRow & { w_count: number | null; w_sum: number | null; w_min: number | null; w_max: number | null };

/**
 * The series of some categories with their latest values and the last 24 hours (from raw
 * samples, which two daily partitions hold). Pulse's own series (`pulse_*`) are left out.
 */
export async function seriesOfCategories(em: EntityManager, organizationId: string, categories: MetricCategory[], now: Date): Promise<MetricSeriesSummary[]> {
  const rows = await runSql<SummaryRow>(
    em,
    `SELECT s.*, w.count AS w_count, w.sum AS w_sum, w.min AS w_min, w.max AS w_max
       FROM metric_series s
       LEFT JOIN (SELECT name, labels_hash, sum(count)::float8 AS count, ${saturatedSum('sum')} AS sum, min(min) AS min, max(max) AS max
                    FROM metric_samples
                   WHERE organization_id = $1 AND recorded_at >= $3 AND recorded_at <= $4 AND category = ANY($2::text[])
                   GROUP BY 1, 2) w USING (name, labels_hash)
      WHERE s.organization_id = $1 AND s.category = ANY($2::text[]) AND left(s.name, ${RESERVED_METRIC_PREFIX.length}) <> $5
      ORDER BY s.category, s.name, s.labels_hash
      LIMIT ${MAX_SERIES}`,
    [organizationId, categories, new Date(now.getTime() - 86_400_000).toISOString(), now.toISOString(), RESERVED_METRIC_PREFIX],
  );
  return rows.map((row) => {
    const count = Number(row.w_count ?? 0);
    const sum = Number(row.w_sum ?? 0);
    const number = (value: number | null) => (value === null ? null : Number(value));
    return { ...toSeriesView(row), last24h: { count, sum, min: number(row.w_min), max: number(row.w_max), avg: count > 0 ? sum / count : null } };
  });
}
