import type { DashboardSummary } from '@pulse/api-contract/schemas';
import { formatCount, formatMinute } from './format.ts';

type MinuteCount = DashboardSummary['eventsPerMinute'][number];

/** The chart in one sentence, for screen readers and for browsers without canvas. */
export function describeEventsPerMinute(points: readonly MinuteCount[]): string {
  const [first] = points;
  if (!first) return 'No events in the last hour.';
  let total = 0;
  let peak: MinuteCount = first;
  for (const point of points) {
    total += point.count;
    if (point.count > peak.count) peak = point;
  }
  if (total === 0) return 'No events in the last hour.';
  const current = points[points.length - 1]?.count ?? 0;
  return `${formatCount(total)} events in the last hour, at most ${formatCount(peak.count)} a minute (at ${formatMinute(peak.minute)}); ${formatCount(current)} so far this minute.`;
}

/** jsdom and some locked-down browsers have no 2D canvas: the chart is then described in words. */
export function canDrawCanvas(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}
