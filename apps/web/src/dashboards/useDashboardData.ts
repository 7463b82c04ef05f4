import { skipToken } from '@tanstack/react-query';
import { trpc } from '../api/trpc.ts';
import { useLiveDashboardFrames } from './useLiveDashboardFrames.ts';
import { applyDashboardUpdate, keepNewerWidgetsData } from './widget-updates.ts';

/**
 * The numbers of one open dashboard: `widgets.data` for the first paint, then
 * `live.dashboard` written into that same cache entry, so the widgets read one source and a
 * live update moves a number in place (no refetch, no loading state). tRPC resubscribes after
 * a reconnect with the last tracked id (the data version), and the server answers with every
 * widget's current numbers. Nothing here polls.
 */
export function useDashboardData(organizationId: string, dashboardId: string | null) {
  const utils = trpc.useUtils();
  const input = dashboardId === null ? null : { organizationId, dashboardId };
  const query = trpc.widgets.data.useQuery(input ?? skipToken, { structuralSharing: keepNewerWidgetsData });
  const live = useLiveDashboardFrames((update) => {
    // The subscription runs only with an input.
    if (input) utils.widgets.data.setData(input, (cached) => applyDashboardUpdate(cached, update));
  });
  trpc.live.dashboard.useSubscription(input ?? skipToken, live.handlers);
  return { query, liveError: live.liveError };
}
