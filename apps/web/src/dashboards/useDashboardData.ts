import { skipToken } from '@tanstack/react-query';
import { useState } from 'react';
import { DashboardUpdate } from '@pulse/api-contract/schemas';
import { describeError } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
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
  const [liveError, setLiveError] = useState<string | null>(null);
  trpc.live.dashboard.useSubscription(input ?? skipToken, {
    onData: (tracked) => {
      // tRPC does not check subscription data on the client: a frame that does not match the
      // contract is dropped here instead of breaking the page.
      const parsed = DashboardUpdate.safeParse(tracked.data);
      if (!parsed.success) {
        console.warn('Pulse: ignored a live.dashboard frame that does not match the contract', parsed.error);
        return;
      }
      setLiveError(null);
      // The subscription runs only with an input.
      if (input) utils.widgets.data.setData(input, (cached) => applyDashboardUpdate(cached, parsed.data));
    },
    onError: (failure) => setLiveError(`Live updates stopped: ${describeError(failure)}`),
  });
  return { query, liveError };
}
