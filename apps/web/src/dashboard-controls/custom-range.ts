import { TimeRange, WIDGET_LIMITS } from '@pulse/api-contract/schemas';

/** What the two `datetime-local` inputs hold: `2026-12-01T10:00` in the browser's time zone, or ''. */
export type CustomRangeDraft = { from: string; to: string };
export type CustomRangeErrors = { from?: string; to?: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a `datetime-local` value in the browser's time zone (minutes; seconds are not picked). */
export function toLocalInput(instant: string | number): string {
  const date = new Date(instant);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) as the instant it names; NaN when it names none. */
const instantOf = (local: string) => (local === '' ? Number.NaN : new Date(local).getTime());

/** The draft a custom range starts from: the current absolute range, else the last 24 hours. */
export function draftOf(timeRange: TimeRange | undefined, now: number): CustomRangeDraft {
  if (timeRange?.kind === 'absolute') return { from: toLocalInput(timeRange.from), to: toLocalInput(timeRange.to) };
  return { from: toLocalInput(now - 86_400_000), to: toLocalInput(now) };
}

const MAX_DAYS = WIDGET_LIMITS.maxRangeMs / 86_400_000;

/**
 * The draft as the contract's absolute range, or what is wrong with it, said beside the input
 * concerned: the same limits `widgets.data` checks (to after from, at most 366 days).
 */
export function checkCustomRange(draft: CustomRangeDraft): { timeRange: TimeRange } | { errors: CustomRangeErrors } {
  const from = instantOf(draft.from);
  const to = instantOf(draft.to);
  const errors: CustomRangeErrors = {};
  if (Number.isNaN(from)) errors.from = 'Choose when the range starts.';
  if (Number.isNaN(to)) errors.to = 'Choose when the range ends.';
  else if (!Number.isNaN(from) && to <= from) errors.to = 'The end must be after the start.';
  else if (to - from > WIDGET_LIMITS.maxRangeMs) errors.to = `A range covers at most ${MAX_DAYS} days.`;
  if (errors.from || errors.to) return { errors };
  const parsed = TimeRange.safeParse({ kind: 'absolute', from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  return parsed.success ? { timeRange: parsed.data } : { errors: { to: parsed.error.issues[0]?.message ?? 'This range is not valid.' } };
}
