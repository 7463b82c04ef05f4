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
