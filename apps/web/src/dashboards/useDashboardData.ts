import { keepPreviousData, skipToken } from '@tanstack/react-query';
import type { WidgetsData } from '@pulse/api-contract/schemas';
import type { WidgetsDataOverrides } from '../dashboard-controls/dashboard-view.ts';
import { trpc } from '../api/trpc.ts';
import { liveStreamInput } from './live-plan.ts';
import { useLiveDashboardFrames } from './useLiveDashboardFrames.ts';
import { applyDashboardUpdate, keepNewerWidgetsData } from './widget-updates.ts';

/** The input of a `widgets.data` / `public.widgets` query key (tRPC keys are `[path, { input, type }]`). */
function inputOfKey(queryKey: readonly unknown[] | undefined): unknown {
  const second = queryKey?.[1];
  return typeof second === 'object' && second !== null && 'input' in second ? second.input : undefined;
}

/**
 * While a new range loads, the numbers of the previous range stay on screen (no skeletons, no
 * flicker), but only those of the same dashboard (`sameDashboard` of the previous key's input):
 * another dashboard's widgets may share ids.
 */
export function keepPreviousOf(sameDashboard: (previousInput: unknown) => boolean) {
  return (previous: WidgetsData | undefined, previousQuery: { queryKey: readonly unknown[] } | undefined) =>
    sameDashboard(inputOfKey(previousQuery?.queryKey)) ? keepPreviousData(previous) : undefined;
}

/**
 * The numbers of one open dashboard for the view on screen: `widgets.data` with the view's
 * overrides (a new range is a new query, read while the previous numbers stay), then
 * `live.dashboard` with the same overrides, written into that same cache entry (a live update
 * moves a number in place, no refetch, no loading state); no stream for a range in the past. tRPC resubscribes after a reconnect with the last
 * tracked id (the data version), and the server answers with every widget's current numbers.
 */
export function useDashboardData(organizationId: string, dashboardId: string | null, overrides: WidgetsDataOverrides, live: boolean) {
  const utils = trpc.useUtils();
  const base = dashboardId === null ? null : { organizationId, dashboardId };
  const input = base && { ...base, ...overrides };
  const query = trpc.widgets.data.useQuery(input ?? skipToken, {
    structuralSharing: keepNewerWidgetsData,
    placeholderData: keepPreviousOf((previous) => typeof previous === 'object' && previous !== null && 'dashboardId' in previous && previous.dashboardId === dashboardId),
  });
  const streamInput = base && liveStreamInput(base, overrides, live);
  // The subscription runs only with an input.
  const frames = useLiveDashboardFrames((update) => input && utils.widgets.data.setData(input, (cached) => applyDashboardUpdate(cached, update)));
  trpc.live.dashboard.useSubscription(streamInput ?? skipToken, frames.handlers);
  return { query, liveError: frames.liveError, streaming: streamInput !== null };
}
