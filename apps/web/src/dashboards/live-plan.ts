import type { WidgetsDataOverrides } from '../dashboard-controls/dashboard-view.ts';

/**
 * THE decision of what a dashboard's live stream (`live.dashboard`, `live.publicDashboard`) is
 * asked for the view on screen: the same overrides as the numbers shown (range, comparison,
 * drill-down filters), so its frames are written into that query's cache entry in place; and
 * no stream at all for a still range (one in the past, see isLiveRange): its numbers do not
 * change. Null: no stream.
 */
export function liveStreamInput<Input extends object>(base: Input, overrides: WidgetsDataOverrides, live: boolean): (Input & WidgetsDataOverrides) | null {
  return live ? { ...base, ...overrides } : null;
}
