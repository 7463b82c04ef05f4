import type { EntityManager } from '@pulse/db';
import type { DashboardSummary, WatchedValue } from '@pulse/api-contract/schemas';
import { aggregateMetric } from '../metrics/metric-query.ts';

export type ReadCounters = (organizationId: string) => Promise<DashboardSummary>;

/**
 * The value a rule watches at `at`: the metric's aggregation over the window ending then (null
 * without samples in it), or the live counter now.
 */
export async function readWatchedValue(em: EntityManager, counters: ReadCounters, organizationId: string, source: WatchedValue, at: Date): Promise<number | null> {
  if (source.kind === 'counter') return (await counters(organizationId))[source.counter];
  const answer = await aggregateMetric(em, organizationId, {
    name: source.metricName,
    from: new Date(at.getTime() - source.windowSeconds * 1000),
    to: at,
    stepSeconds: source.windowSeconds,
    aggregation: source.aggregation,
    labels: source.labels,
  });
  return answer.points[0]?.value ?? null;
}

/** For people: `p95(http_request_duration_seconds{route="/api"}) over 5m`, or the counter's name. */
export function describeWatched(source: WatchedValue): string {
  if (source.kind === 'counter') return source.counter;
  const labels = Object.entries(source.labels).map(([name, value]) => `${name}="${value}"`);
  const window = source.windowSeconds % 60 === 0 ? `${source.windowSeconds / 60}m` : `${source.windowSeconds}s`;
  return `${source.aggregation}(${source.metricName}${labels.length > 0 ? `{${labels.join(',')}}` : ''}) over ${window}`;
}
