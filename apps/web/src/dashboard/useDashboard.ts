import type { ActivityEventView, DashboardSummary, RecentEvents } from '@pulse/api-contract/schemas';
import { mergingWith } from '../api/cache.ts';
import { describeError } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { latestSummary } from '../live/counters.ts';
import { FEED_LIMIT, mergeEvents } from '../live/feed.ts';
import { useLiveDashboard } from '../live/useLiveDashboard.ts';

export type Dashboard = {
  summary: DashboardSummary | null;
  /** Newest first, at most 50, unique ids. */
  events: readonly ActivityEventView[];
  /** Nothing to show yet. */
  loading: boolean;
  /** Why a first load failed, in words; null when both answered. */
  loadError: string | null;
  liveError: string | null;
  retry(): void;
};

const mergeSummary = mergingWith<DashboardSummary>((cached, fresh) => latestSummary(cached, fresh));
const mergeRecent = mergingWith<RecentEvents>((cached, fresh) => ({ ...fresh, events: [...mergeEvents(cached.events, fresh.events)] }));

/**
 * One organization's dashboard: `dashboards.summary` and `events.recent` (one batched HTTP
 * request) for the first paint, `live.counters` and `live.activity` written into the same
 * cache entries from then on. Either may arrive first: the queries merge (events by id,
 * counters by `generatedAt`) rather than replace.
 */
export function useDashboard(organizationId: string): Dashboard {
  const scope = { organizationId };
  const summary = trpc.dashboards.summary.useQuery(scope, { structuralSharing: mergeSummary });
  const recent = trpc.events.recent.useQuery({ ...scope, limit: FEED_LIMIT }, { structuralSharing: mergeRecent });
  const liveError = useLiveDashboard(organizationId, FEED_LIMIT);
  const failure = summary.error ?? recent.error;
  const events = recent.data?.events ?? [];
  return {
    summary: summary.data ?? null,
    events,
    loading: (summary.isPending || recent.isPending) && !failure,
    loadError: failure ? describeError(failure) : null,
    liveError,
    retry: () => {
      if (summary.error) void summary.refetch();
      if (recent.error) void recent.refetch();
    },
  };
}
