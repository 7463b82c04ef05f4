import { describe, expect, it } from 'vitest';
import { addToSketch, histogramSketch, mergeSketches, RELATIVE_ACCURACY, type Sketch, sketchQuantile, summarySketch } from './sketch.ts';

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** The sample of rank q·(n−1), the definition the sketch approximates. */
function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1) + 1e-9)] as number;
}

const distributions: [string, (next: () => number) => number][] = [
  ['latencies (log-normal, 1 ms .. 10 s)', (next) => Math.exp(-6 + next() * 4 + next() * 4)],
  ['uniform 0..1', (next) => next()],
  ['revenue with refunds (negative values)', (next) => (next() < 0.1 ? -1 : 1) * (1 + next() * 5000)],
];

describe('sketch quantiles', () => {
  it.each(distributions)('stay within 1 %% of the exact quantile for %s', (_name, draw) => {
    const next = random(42);
    const values = Array.from({ length: 20_000 }, () => draw(next));
    const sketch: Sketch = {};
    for (const value of values) addToSketch(sketch, value);
    for (const q of [0, 0.5, 0.9, 0.95, 0.99, 1]) {
      const exact = exactQuantile(values, q);
      const estimate = sketchQuantile(sketch, q, { min: Math.min(...values), max: Math.max(...values) }) as number;
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(Math.abs(exact) * RELATIVE_ACCURACY + 1e-12);
    }
  });

  it('merge like one sketch of all values: the order of merging does not matter', () => {
    const next = random(7);
    const parts = Array.from({ length: 24 }, () => Array.from({ length: 500 }, () => next() * 100));
    const whole: Sketch = {};
    for (const value of parts.flat()) addToSketch(whole, value);
    const hourly = parts.map((values) => values.reduce<Sketch>((sketch, value) => addToSketch(sketch, value), {}));
    const merged = hourly.reduce<Sketch>((daily, hour) => mergeSketches(daily, hour), {});
    expect(merged).toEqual(whole);
    expect(sketchQuantile(merged, 0.95)).toBe(sketchQuantile(whole, 0.95));
  });

  it('is empty without observations', () => {
    expect(sketchQuantile({}, 0.5)).toBeNull();
  });
});

describe('pre-aggregated samples', () => {
  it('a histogram puts its observations in the middle of their buckets, the +Inf ones at the largest bound', () => {
    const sketch = histogramSketch({
      buckets: [
        { le: 0.1, count: 50 },
        { le: 0.5, count: 90 },
        { le: 1, count: 99 },
      ],
      sum: 20,
      count: 100,
    });
    const total = Object.values(sketch).reduce((sum, n) => sum + n, 0);
    expect(total).toBe(100);
    expect(sketchQuantile(sketch, 0.25)).toBeCloseTo(0.05, 2);
    expect(sketchQuantile(sketch, 0.7)).toBeCloseTo(0.3, 2);
    expect(sketchQuantile(sketch, 1)).toBeCloseTo(1, 1);
  });

  it('a summary spreads its observations as its quantiles describe them', () => {
    const sketch = summarySketch({
      quantiles: [
        { quantile: 0.5, value: 10 },
        { quantile: 0.99, value: 100 },
      ],
      sum: 2000,
      count: 100,
    });
    expect(sketchQuantile(sketch, 0.4)).toBeCloseTo(10, 0);
    expect(sketchQuantile(sketch, 0.9)).toBeCloseTo(100, 0);
  });
});
