import type { DashboardSummary } from '@pulse/api-contract/schemas';

/**
 * The counters from `dashboards.summary` and from `live.counters` race at start-up (and
 * after a reconnect): the one generated last wins.
 */
export function latestSummary(current: DashboardSummary | null, incoming: DashboardSummary): DashboardSummary {
  if (!current) return incoming;
  return Date.parse(incoming.generatedAt) >= Date.parse(current.generatedAt) ? incoming : current;
}
