import { skipToken } from '@tanstack/react-query';
import { errorCode } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';

/**
 * The dashboard on screen: the one named in the address, else the user's home
 * (`dashboards.home`: their own choice, else their role's default, else the built-in one).
 */
export function useOpenDashboard(organizationId: string, requestedId: string | undefined) {
  const home = trpc.dashboards.home.useQuery(requestedId === undefined ? { organizationId } : skipToken);
  const chosen = trpc.dashboards.get.useQuery(requestedId === undefined ? skipToken : { organizationId, id: requestedId });
  const query = requestedId === undefined ? home : chosen;
  const dashboard = requestedId === undefined ? home.data?.dashboard : chosen.data;
  return {
    dashboard: dashboard ?? null,
    error: dashboard ? null : query.error,
    /** A dashboard id from a bookmark that is gone, or not shared with this user (or from another organization). */
    notFound: requestedId !== undefined && errorCode(chosen.error) === 'NOT_FOUND',
    retry: () => void query.refetch(),
  };
}
