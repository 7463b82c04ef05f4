import { useCallback, useEffect, useReducer, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { useSessionApi } from '../api/useSessionApi.ts';
import { useSessionStore } from '../auth/useSession.ts';
import { FEED_LIMIT } from '../live/feed.ts';
import { useLiveDashboard } from '../live/useLiveDashboard.ts';
import { dashboardReducer, initialDashboardState } from './dashboard-state.ts';
import type { DashboardState } from './dashboard-state.ts';

export type Dashboard = DashboardState & { retry(): void };

/**
 * One organization's dashboard: `dashboards.summary` and `events.recent` (one batched HTTP
 * request) for the first paint, `live.counters` and `live.activity` from then on.
 */
export function useDashboard(organizationId: string | undefined): Dashboard {
  const { trpc } = useSessionApi();
  const session = useSessionStore();
  const [state, dispatch] = useReducer(dashboardReducer, initialDashboardState);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const scope = organizationId ? { organizationId } : {};
    const options = { signal: controller.signal };
    dispatch({ type: 'load-started' });
    Promise.all([
      session.withAuth(() => trpc.dashboards.summary.query(scope, options)),
      session.withAuth(() => trpc.events.recent.query({ ...scope, limit: FEED_LIMIT }, options)),
    ]).then(
      ([summary, recent]) => {
        if (!controller.signal.aborted) dispatch({ type: 'loaded', summary, events: recent.events });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) dispatch({ type: 'load-failed', message: describeError(error) });
      },
    );
    return () => controller.abort();
  }, [trpc, session, organizationId, attempt]);

  useLiveDashboard(organizationId, {
    onCounters: (summary) => dispatch({ type: 'counters', summary }),
    onActivity: (events) => dispatch({ type: 'activity', events }),
    onLiveError: (message) => dispatch({ type: 'live-error', message }),
  });

  const retry = useCallback(() => setAttempt((value) => value + 1), []);
  return { ...state, retry };
}
