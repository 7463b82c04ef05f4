import { createHash } from 'node:crypto';
import type { MetricCategory, MetricSample, MetricType } from '@pulse/api-contract/schemas';
import { addToSketch, histogramSketch, type Sketch, sketchRange, summarySketch } from './sketch.ts';

/** A sample as stored: its series key and the mergeable summary every row carries. */
export type StoredSample = {
  id: string;
  recordedAt: string;
  name: string;
  labels: Record<string, string>;
  labelsHash: string;
  type: MetricType;
  category: MetricCategory;
  /** The value (a counter's increment), or the mean of an aggregated histogram / summary. */
  value: number;
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  sketch: Sketch;
  detail: Record<string, unknown> | null;
  userId: string | null;
};

/** Labels sorted by name, so that the same set always has the same hash and JSON. */
export function canonicalLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function labelsHashOf(labels: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(canonicalLabels(labels))).digest('hex').slice(0, 32);
}

export function toStoredSample(sample: MetricSample, now: number): StoredSample {
  const labels = canonicalLabels(sample.labels);
  const base = {
    id: sample.id ?? crypto.randomUUID(),
    recordedAt: new Date(sample.timestamp ? Date.parse(sample.timestamp) : now).toISOString(),
    name: sample.name,
    labels,
    labelsHash: labelsHashOf(labels),
    type: sample.type,
    category: sample.category,
    userId: sample.userId ?? null,
  };
  const aggregated = sample.histogram
    ? { count: sample.histogram.count, sum: sample.histogram.sum, sketch: histogramSketch(sample.histogram), detail: { buckets: sample.histogram.buckets } }
    : sample.summary
      ? { count: sample.summary.count, sum: sample.summary.sum, sketch: summarySketch(sample.summary), detail: { quantiles: sample.summary.quantiles } }
      : null;
  if (aggregated) {
    const range = sketchRange(aggregated.sketch);
    const value = aggregated.count > 0 ? aggregated.sum / aggregated.count : 0;
    return { ...base, ...aggregated, value, min: range.min, max: range.max };
  }
  const value = sample.value ?? 0;
  return { ...base, value, count: 1, sum: value, min: value, max: value, sketch: addToSketch({}, value), detail: null };
}
