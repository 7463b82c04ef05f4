import { errorCode } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { useLiveDashboardFrames } from '../dashboards/useLiveDashboardFrames.ts';
import { applyDashboardUpdate, keepNewerWidgetsData } from '../dashboards/widget-updates.ts';

/**
 * A dashboard through a public link, as the signed-in screen reads its own (useDashboardData):
 * `public.dashboard` for what it shows, `public.widgets` for the first numbers, then
 * `live.publicDashboard` written into that same cache entry. `ended` once any of them answers
 * NOT_FOUND: the link was revoked or expired (the stream ends at once when it is).
 */
export function usePublicDashboard(token: string) {
  const utils = trpc.useUtils();
  const input = { token };
  const dashboard = trpc.public.dashboard.useQuery(input, { staleTime: Infinity });
  const widgets = trpc.public.widgets.useQuery(input, { structuralSharing: keepNewerWidgetsData });
  const live = useLiveDashboardFrames((update) => utils.public.widgets.setData(input, (cached) => applyDashboardUpdate(cached, update)));
  trpc.live.publicDashboard.useSubscription(input, live.handlers);
  const ended = [dashboard.error, widgets.error, live.failure].some((error) => errorCode(error) === 'NOT_FOUND');
  return { dashboard, widgets, live, ended };
}
