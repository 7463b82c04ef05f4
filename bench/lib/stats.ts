/** Nearest-rank percentile of unsorted samples, or null when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? null;
}

export type LatencySummary = { samples: number; p50Ms: number | null; p99Ms: number | null };

export function summarise(samples: readonly number[]): LatencySummary {
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return { samples: samples.length, p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `intervalMs` until it returns true; fails after `timeoutMs` with `what`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number, intervalMs = 50): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return performance.now();
    if (performance.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}
