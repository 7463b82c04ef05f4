import { useEffect, useRef } from 'react';
import type { DashboardUpdate } from '@pulse/api-contract/schemas';
import type { WidgetsDataOverrides } from '../dashboard-controls/dashboard-view.ts';
import { useLiveDashboardFrames } from './useLiveDashboardFrames.ts';

/** What a dashboard's live stream is asked, and what its frames do; null: no stream. */
export type LivePlan<Input> = { input: Input; frames: 'write' | 'refetch' } | null;

/**
 * THE decision of what a dashboard's live stream (`live.dashboard`, `live.publicDashboard`)
 * is asked for the view on screen:
 * - a still range (one in the past, see isLiveRange): no stream, its numbers do not change;
 * - each widget's own range and comparison: the stream's numbers are the ones shown, so its
 *   frames are written into the cache in place;
 * - a range or comparison of the dashboard's own: the streams do not take the view yet, so a
 *   frame carries the saved ranges' numbers. It only says that something changed, and the
 *   view's query is read again (throttled) rather than overwritten with other numbers.
 */
export function liveStreamPlan<Input extends object>(base: Input, overrides: WidgetsDataOverrides, live: boolean): LivePlan<Input> {
  if (!live) return null;
  if (Object.keys(overrides).length === 0) return { input: base, frames: 'write' };
  // Once LiveDashboardInput takes timeRange/compare/filters, this line becomes
  // `return { input: { ...base, ...overrides }, frames: 'write' };` (and the line above goes).
  return { input: base, frames: 'refetch' };
}

/** At most one refetch of a view's numbers per this long, however often the stream says something changed. */
export const VIEW_REFETCH_MS = 10_000;

/**
 * A leading and trailing throttle: the first call runs at once, the calls in the next
 * `ms` become one call at its end. Nothing runs after unmount.
 */
function useThrottled(run: () => void, ms: number): () => void {
  const latest = useRef(run);
  latest.current = run;
  const state = useRef<{ last: number; timer: ReturnType<typeof setTimeout> | null }>({ last: -Infinity, timer: null });
  useEffect(
    () => () => {
      if (state.current.timer) clearTimeout(state.current.timer);
    },
    [],
  );
  return () => {
    const current = state.current;
    if (current.timer) return;
    const wait = current.last + ms - Date.now();
    const fire = () => {
      current.timer = null;
      current.last = Date.now();
      latest.current();
    };
    if (wait <= 0) fire();
    else current.timer = setTimeout(fire, wait);
  };
}

type Sink = {
  /** The numbers on screen: a frame not newer than them (the stream's first, on (re)connecting) changes nothing. */
  version: number | undefined;
  write(update: DashboardUpdate): void;
  refetch(): void;
};

/** The stream's frames as the plan says: written into the cache, or a throttled refetch of the view. */
export function usePlannedFrames(plan: LivePlan<unknown>, { version, write, refetch }: Sink) {
  const throttledRefetch = useThrottled(refetch, VIEW_REFETCH_MS);
  return useLiveDashboardFrames((update) => {
    if (plan?.frames === 'write') write(update);
    else if (version === undefined || update.version > version) throttledRefetch();
  });
}
