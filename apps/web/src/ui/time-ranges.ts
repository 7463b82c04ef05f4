import type { RELATIVE_RANGES } from '@pulse/api-contract/schemas';

/** The time filters the screens offer, in words; each screen picks the ones that make sense for it. */
export const TIME_RANGE_LABELS = {
  any: 'Any time',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
} as const;

export type TimeRangeKey = keyof typeof TIME_RANGE_LABELS;

/** Select choices for these ranges, in this order. */
export function timeChoices<T extends TimeRangeKey>(ranges: readonly T[]): { value: T; label: string }[] {
  return ranges.map((value) => ({ value, label: TIME_RANGE_LABELS[value] }));
}

/** The contract's relative ranges in words (the dashboard's time picker, the widget editor). */
export const RELATIVE_RANGE_LABELS: Record<(typeof RELATIVE_RANGES)[number], string> = {
  last_15m: 'Last 15 minutes',
  last_1h: 'Last hour',
  last_24h: 'Last 24 hours',
  last_7d: 'Last 7 days',
  last_30d: 'Last 30 days',
  today: 'Today',
  this_week: 'This week',
};
