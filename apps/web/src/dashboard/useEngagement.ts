import type { Engagement } from '@pulse/api-contract/schemas';
import { describeError } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';

/**
 * The engagement tables follow the pipeline a few seconds behind and no live stream carries
 * them (the live streams carry raw activity and counters, not the folded tables): the query
 * cache refetches this often while the panel is on screen.
 */
export const ENGAGEMENT_REFRESH_MS = 15_000;
const TOP = 8;

export type EngagementState =
  | { status: 'loading' }
  | { status: 'ready'; engagement: Engagement; error: string | null }
  | { status: 'error'; error: string };

/** Today's most active users and most viewed reports (`dashboards.engagement`), refreshed every 15 s. */
export function useEngagement(organizationId: string): EngagementState & { retry(): void } {
  const query = trpc.dashboards.engagement.useQuery({ organizationId, limit: TOP }, { refetchInterval: ENGAGEMENT_REFRESH_MS });
  const retry = () => void query.refetch();
  // A failed refresh keeps what was shown and says that it is not current.
  const error = query.error ? describeError(query.error) : null;
  if (query.data) return { status: 'ready', engagement: query.data, error, retry };
  if (error) return { status: 'error', error, retry };
  return { status: 'loading', retry };
}
