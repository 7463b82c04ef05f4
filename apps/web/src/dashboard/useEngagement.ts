import { useCallback, useEffect, useState } from 'react';
import type { Engagement } from '@pulse/api-contract/schemas';
import { describeError } from '../api/errors.ts';
import { useSessionApi } from '../api/useSessionApi.ts';
import { useSessionStore } from '../auth/useSession.ts';

/** The engagement tables follow the pipeline a few seconds behind; polling this often is enough. */
export const ENGAGEMENT_REFRESH_MS = 15_000;
const TOP = 8;

export type EngagementState =
  | { status: 'loading' }
  | { status: 'ready'; engagement: Engagement; error: string | null }
  | { status: 'error'; error: string };

/** Today's most active users and most viewed reports (`dashboards.engagement`), refreshed every 15 s. */
export function useEngagement(organizationId: string | undefined): EngagementState & { retry(): void } {
  const { trpc } = useSessionApi();
  const session = useSessionStore();
  const [state, setState] = useState<EngagementState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const scope = organizationId ? { organizationId } : {};
    const load = () =>
      session.withAuth(() => trpc.dashboards.engagement.query({ ...scope, limit: TOP }, { signal: controller.signal })).then(
        (engagement) => {
          if (!controller.signal.aborted) setState({ status: 'ready', engagement, error: null });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          // Keep what was shown, say that it is not current.
          setState((previous) => (previous.status === 'ready' ? { ...previous, error: describeError(error) } : { status: 'error', error: describeError(error) }));
        },
      );
    void load();
    const timer = setInterval(() => void load(), ENGAGEMENT_REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [trpc, session, organizationId, attempt]);

  const retry = useCallback(() => setAttempt((value) => value + 1), []);
  return { ...state, retry };
}
