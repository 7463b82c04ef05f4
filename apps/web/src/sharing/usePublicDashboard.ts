import { skipToken } from '@tanstack/react-query';
import { errorCode } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import type { WidgetsDataOverrides } from '../dashboard-controls/dashboard-view.ts';
import { liveStreamInput } from '../dashboards/live-plan.ts';
import { useLiveDashboardFrames } from '../dashboards/useLiveDashboardFrames.ts';
import { keepPreviousOf } from '../dashboards/useDashboardData.ts';
import { applyDashboardUpdate, keepNewerWidgetsData } from '../dashboards/widget-updates.ts';

/**
 * A dashboard through a public link, as the signed-in screen reads its own (useDashboardData):
 * `public.dashboard` for what it shows, `public.widgets` with the view's overrides for the
 * numbers, then `live.publicDashboard` with the same overrides (written into that same cache
 * entry; no stream for a past range). `ended` once any of them answers
 * NOT_FOUND: the link was revoked or expired (the stream ends at once when it is).
 */
export function usePublicDashboard(token: string, overrides: WidgetsDataOverrides, live: boolean) {
  const utils = trpc.useUtils();
  const base = { token };
  const input = { ...base, ...overrides };
  const dashboard = trpc.public.dashboard.useQuery(base, { staleTime: Infinity });
  const widgets = trpc.public.widgets.useQuery(input, { structuralSharing: keepNewerWidgetsData, placeholderData: keepPreviousOf(() => true) });
  const streamInput = liveStreamInput(base, overrides, live);
  const frames = useLiveDashboardFrames((update) => utils.public.widgets.setData(input, (cached) => applyDashboardUpdate(cached, update)));
  trpc.live.publicDashboard.useSubscription(streamInput ?? skipToken, frames.handlers);
  const ended = [dashboard.error, widgets.error, frames.failure].some((error) => errorCode(error) === 'NOT_FOUND');
  return { dashboard, widgets, live: frames, streaming: streamInput !== null, ended };
}
