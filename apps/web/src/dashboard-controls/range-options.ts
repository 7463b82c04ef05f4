import { RELATIVE_RANGES } from '@pulse/api-contract/schemas';
import type { TimeRange } from '@pulse/api-contract/schemas';
import { RELATIVE_RANGE_LABELS } from '../ui/time-ranges.ts';
import { WIDGET_RANGES_LABEL } from './dashboard-view.ts';

/** One entry of the picker's list: a range to apply at once, or the custom form. */
export type RangeOption = { id: string; label: string } & ({ kind: 'range'; timeRange: TimeRange | undefined } | { kind: 'custom' });

export const RANGE_OPTIONS: readonly RangeOption[] = [
  { id: 'widgets', label: WIDGET_RANGES_LABEL, kind: 'range', timeRange: undefined },
  ...RELATIVE_RANGES.map((range): RangeOption => ({ id: range, label: RELATIVE_RANGE_LABELS[range], kind: 'range', timeRange: { kind: 'relative', range } })),
  { id: 'custom', label: 'Custom range…', kind: 'custom' },
];

/** The entry that stands for a range (an absolute one is the custom entry). */
export function optionIndexOf(timeRange: TimeRange | undefined): number {
  const id = timeRange === undefined ? 'widgets' : timeRange.kind === 'relative' ? timeRange.range : 'custom';
  return RANGE_OPTIONS.findIndex((option) => option.id === id);
}

/** The entry a key moves to in the list (clamped at its ends, as a listbox does). */
export function movedIndex(key: string, index: number): number | null {
  const last = RANGE_OPTIONS.length - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(index + 1, last);
    case 'ArrowUp':
      return Math.max(index - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
