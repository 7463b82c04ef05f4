import type { HistogramValue, SummaryValue } from '@pulse/api-contract/schemas';

/**
 * A log-bucket quantile sketch (the DDSketch idea): a value v > 0 falls in bucket
 * ceil(log_γ v), negatives mirror it, |v| below ZERO counts as zero. Every quantile read back
 * is within RELATIVE_ACCURACY of a true sample value of that rank, whatever the distribution,
 * and two sketches merge by adding counts: that is what lets hourly rollups become daily ones
 * and a query add up any number of rollup rows without losing the guarantee.
 *
 * Stored as jsonb `{key: count}`: keys `p<i>` (positive), `n<i>` (negative), `z` (zero).
 */
export type Sketch = Record<string, number>;

export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const ZERO = 1e-12;

export function sketchKey(value: number): string {
  if (Math.abs(value) < ZERO) return 'z';
  const index = Math.ceil(Math.log(Math.abs(value)) / LOG_GAMMA);
  return `${value > 0 ? 'p' : 'n'}${index}`;
}

/**
 * The value a bucket stands for: the point of least relative error within it. The buckets next
 * to float8's largest values would stand for more than it (Infinity, which no answer can carry):
 * they stand for Number.MAX_VALUE, the value overflowed sums get too.
 */
export function keyValue(key: string): number {
  if (key === 'z') return 0;
  const index = Number(key.slice(1));
  const magnitude = Math.min((2 * GAMMA ** index) / (GAMMA + 1), Number.MAX_VALUE);
  return key.startsWith('n') ? -magnitude : magnitude;
}

export function addToSketch(sketch: Sketch, value: number, count = 1): Sketch {
  if (count <= 0) return sketch;
  const key = sketchKey(value);
  sketch[key] = (sketch[key] ?? 0) + count;
  return sketch;
}

export function mergeSketches(target: Sketch, source: Sketch): Sketch {
  for (const [key, count] of Object.entries(source)) target[key] = (target[key] ?? 0) + count;
  return target;
}

function sortedEntries(sketch: Sketch): [number, number][] {
  return Object.entries(sketch)
    .map(([key, count]): [number, number] => [keyValue(key), count])
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
}

/**
 * The q-quantile (0..1) of what the sketch counted: the value of rank q·(n−1), as the nearest
 * sample would be. Clamped to the exact min and max when known. Null for an empty sketch.
 */
export function sketchQuantile(sketch: Sketch, q: number, bounds: { min: number | null; max: number | null } = { min: null, max: null }): number | null {
  const entries = sortedEntries(sketch);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * (total - 1);
  let seen = 0;
  let value = entries.at(-1)?.[0] ?? 0;
  for (const [bucketValue, count] of entries) {
    seen += count;
    if (seen > rank) {
      value = bucketValue;
      break;
    }
  }
  if (bounds.min !== null) value = Math.max(value, bounds.min);
  if (bounds.max !== null) value = Math.min(value, bounds.max);
  return value;
}

/** The smallest and largest values a sketch stands for (for samples that carry no exact min / max). */
export function sketchRange(sketch: Sketch): { min: number | null; max: number | null } {
  const entries = sortedEntries(sketch);
  return { min: entries[0]?.[0] ?? null, max: entries.at(-1)?.[0] ?? null };
}

/**
 * A Prometheus histogram's observations, placed at the middle of their bucket (the first bucket
 * starting at 0 when its bound is positive; the +Inf bucket at the largest finite bound, which is
 * also what Prometheus' histogram_quantile answers there).
 */
export function histogramSketch(histogram: HistogramValue): Sketch {
  const sketch: Sketch = {};
  let previousBound: number | null = null;
  let previousCount = 0;
  for (const bucket of histogram.buckets) {
    const lower = previousBound ?? (bucket.le > 0 ? 0 : bucket.le);
    addToSketch(sketch, (lower + bucket.le) / 2, bucket.count - previousCount);
    previousBound = bucket.le;
    previousCount = bucket.count;
  }
  if (previousBound !== null) addToSketch(sketch, previousBound, histogram.count - previousCount);
  return sketch;
}

/**
 * A summary's quantiles cannot be merged exactly (Prometheus does not aggregate them at all);
 * this spreads its observations as the quantiles describe them: the share between two
 * quantiles at the upper one's value, the rest above the last quantile at its value.
 */
export function summarySketch(summary: SummaryValue): Sketch {
  const sketch: Sketch = {};
  const quantiles = [...summary.quantiles].sort((a, b) => a.quantile - b.quantile);
  let previous = 0;
  for (const { quantile, value } of quantiles) {
    addToSketch(sketch, value, summary.count * (quantile - previous));
    previous = quantile;
  }
  const last = quantiles.at(-1);
  if (last) addToSketch(sketch, last.value, summary.count * (1 - previous));
  return sketch;
}
