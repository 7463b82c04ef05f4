import { z } from 'zod';
import { RELATIVE_RANGES, TimeRange } from '@pulse/api-contract/schemas';
import type { WidgetsDataInput } from '@pulse/api-contract/schemas';
import { RELATIVE_RANGE_LABELS } from '../ui/time-ranges.ts';
import { parseFilterTokens, filterToken } from './drill-filters.ts';
import type { DrillFilter } from './drill-filters.ts';

export type RelativeRange = (typeof RELATIVE_RANGES)[number];
export type CompareMode = 'previous_period' | null;

/**
 * The dashboard's view in its address: `?range=last_24h` or `?from=…&to=…` (ISO instants),
 * `&compare=previous`, and `&filter=eventType:PAGE_VIEW` once per drill-down filter. Each key
 * is checked on its own (a wrong value is as if absent); `from` and `to` together as the
 * contract's TimeRange (to after from, at most 366 days).
 */
export const DashboardViewSearch = z.object({
  range: z.enum(RELATIVE_RANGES).optional().catch(undefined),
  from: z.string().max(40).optional().catch(undefined),
  to: z.string().max(40).optional().catch(undefined),
  compare: z.literal('previous').optional().catch(undefined),
});
export type DashboardViewSearch = z.output<typeof DashboardViewSearch>;

export const FILTER_PARAM = 'filter';
const VIEW_KEYS = ['range', 'from', 'to', 'compare'] as const;

/** The time range the address names: a relative one wins over from/to; undefined keeps each widget's own. */
export function timeRangeOf(search: DashboardViewSearch): TimeRange | undefined {
  if (search.range) return { kind: 'relative', range: search.range };
  if (search.from === undefined || search.to === undefined) return undefined;
  const parsed = TimeRange.safeParse({ kind: 'absolute', from: search.from, to: search.to });
  return parsed.success ? parsed.data : undefined;
}

/** A time range as search params (every time key given, so a change replaces the previous range). */
export function searchOfTimeRange(timeRange: TimeRange | undefined): Pick<DashboardViewSearch, 'range' | 'from' | 'to'> {
  if (!timeRange) return { range: undefined, from: undefined, to: undefined };
  if (timeRange.kind === 'relative') return { range: timeRange.range, from: undefined, to: undefined };
  return { range: undefined, from: timeRange.from, to: timeRange.to };
}

export const compareOf = (search: DashboardViewSearch): CompareMode => (search.compare === 'previous' ? 'previous_period' : null);

/**
 * The address with only what it validly says, or null when it already does: a wrong value,
 * an incomplete or invalid from/to, from/to beside a range, and repeated or wrong filters
 * leave it (so a shared link never carries them on).
 */
export function cleanedSearch(params: URLSearchParams): URLSearchParams | null {
  // As useTypedSearch reads them: a repeated key counts by its last value.
  const search = DashboardViewSearch.parse(Object.fromEntries([...params].filter(([key]) => (VIEW_KEYS as readonly string[]).includes(key))));
  const timeRange = timeRangeOf(search);
  const valid = { ...searchOfTimeRange(timeRange), compare: search.compare };
  const filters = parseFilterTokens(params.getAll(FILTER_PARAM)).map(filterToken);
  const next = new URLSearchParams(params);
  for (const key of VIEW_KEYS) {
    const value = valid[key];
    if (value === undefined) next.delete(key);
    else next.set(key, value);
  }
  next.delete(FILTER_PARAM);
  for (const token of filters) next.append(FILTER_PARAM, token);
  return sameEntries(next, params) ? null : next;
}

/** The same keys and values, whatever the keys' order (filters keep theirs: they are parsed in order). */
const sameEntries = (a: URLSearchParams, b: URLSearchParams) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/** The address after a change of its view keys (undefined takes a key out), as useTypedSearch merges one. */
export function withSearch(params: URLSearchParams, change: Partial<DashboardViewSearch>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(change)) {
    if (typeof value === 'string' && value !== '') next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/** The filters of an address after a change: once each, in the order they were added. */
export function withFilters(params: URLSearchParams, filters: readonly DrillFilter[]): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(FILTER_PARAM);
  for (const token of new Set(filters.map(filterToken))) next.append(FILTER_PARAM, token);
  return next;
}

/**
 * The view as the overrides of every reader of a dashboard's numbers (`widgets.data`, its live
 * stream, `public.widgets` and `live.publicDashboard`, the CSV export), so the numbers shown,
 * streamed and exported are one set. No comparison in the view leaves each widget's own: the
 * override is left out, since `compare: null` would switch every widget's comparison off.
 */
export function widgetsDataOverrides(view: { timeRange: TimeRange | undefined; compare: CompareMode; filters: readonly DrillFilter[] }): WidgetsDataOverrides {
  return {
    ...(view.timeRange ? { timeRange: view.timeRange } : {}),
    ...(view.compare ? { compare: view.compare } : {}),
    ...(view.filters.length > 0 ? { filters: [...view.filters] } : {}),
  };
}

export type WidgetsDataOverrides = Pick<WidgetsDataInput, 'timeRange' | 'compare' | 'filters'>;

/**
 * Whether the numbers of this range still change: a relative range ends now, and so does an
 * absolute one that has not ended yet; an absolute range in the past is still (no live
 * stream needed). With no range of its own the dashboard follows its widgets' ranges, which
 * are relative unless someone saved a past one: live.
 */
export function isLiveRange(timeRange: TimeRange | undefined, now: number): boolean {
  if (!timeRange || timeRange.kind === 'relative') return true;
  return Date.parse(timeRange.to) > now;
}


/** Without a range of the dashboard's own, each widget shows its saved one. */
export const WIDGET_RANGES_LABEL = "Each widget's own range";

const moment = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A range in words, as the picker's button shows it: "Last 24 hours", "1 Dec 2026, 10:00 – 2 Dec 2026, 10:00". */
export function describeTimeRange(timeRange: TimeRange | undefined): string {
  if (!timeRange) return WIDGET_RANGES_LABEL;
  if (timeRange.kind === 'relative') return RELATIVE_RANGE_LABELS[timeRange.range];
  return moment.formatRange(new Date(timeRange.from), new Date(timeRange.to));
}
