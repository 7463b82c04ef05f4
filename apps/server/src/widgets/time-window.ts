import type { TimeRange } from '@pulse/api-contract/schemas';
import { DAY_MS, floorTo, HOUR_MS, MINUTE_MS } from '../rollups/rollup-plan.ts';

export type Window = { from: Date; to: Date };

const RELATIVE_MS = { last_15m: 15 * MINUTE_MS, last_1h: HOUR_MS, last_24h: DAY_MS, last_7d: 7 * DAY_MS, last_30d: 30 * DAY_MS } as const;

/** Monday 00:00 UTC of the week of `ms`. */
export const weekStart = (ms: number) => {
  const day = floorTo(ms, DAY_MS);
  const isoWeekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
  return day - (isoWeekday - 1) * DAY_MS;
};

/** The instants a range covers at `now` (UTC calendar for today and this week). */
export function resolveWindow(range: TimeRange, now: number): Window {
  if (range.kind === 'absolute') return { from: new Date(range.from), to: new Date(range.to) };
  switch (range.range) {
    case 'today':
      return { from: new Date(floorTo(now, DAY_MS)), to: new Date(now) };
    case 'this_week':
      return { from: new Date(weekStart(now)), to: new Date(now) };
    default:
      return { from: new Date(now - RELATIVE_MS[range.range]), to: new Date(now) };
  }
}

/**
 * The period before: the same length just before, except that today and this week compare with
 * yesterday and last week up to the same time of day (so the morning is not compared with a
 * whole day).
 */
export function previousWindow(range: TimeRange, window: Window): Window {
  const shift = range.kind === 'relative' && range.range === 'today' ? DAY_MS : range.kind === 'relative' && range.range === 'this_week' ? 7 * DAY_MS : window.to.getTime() - window.from.getTime();
  return { from: new Date(window.from.getTime() - shift), to: new Date(window.to.getTime() - shift) };
}
