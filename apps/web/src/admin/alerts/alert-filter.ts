import { z } from 'zod';
import { AlertSeverity, AlertStatus } from '@pulse/api-contract/schemas';
import type { AlertView, ListAlertsInput } from '@pulse/api-contract/schemas';

export const TIME_RANGES = { any: null, '1h': 3600, '24h': 86_400, '7d': 7 * 86_400 } as const;
export type TimeRange = keyof typeof TIME_RANGES;

export type AlertFilter = {
  /** `open`: pending, triggered or acknowledged. */
  status: AlertStatus | 'open' | '';
  severity: AlertSeverity | '';
  ruleId: string;
  time: TimeRange;
};

export const DEFAULT_FILTER: AlertFilter = { status: '', severity: '', ruleId: '', time: 'any' };

/**
 * The alerts screen's state in its address (`#/alerts?status=open&alert=…`), so a link or a
 * reload shows the same list and the same alert. A value that is not one of the choices is
 * dropped (the default shows), never an error.
 */
export const AlertsSearch = z.object({
  status: z.union([AlertStatus, z.literal('open')]).optional().catch(undefined),
  severity: AlertSeverity.optional().catch(undefined),
  rule: z.string().max(64).optional().catch(undefined),
  time: z.enum(['1h', '24h', '7d']).optional().catch(undefined),
  /** The alert open in the detail panel. */
  alert: z.string().max(64).optional().catch(undefined),
});
export type AlertsSearch = z.output<typeof AlertsSearch>;

export function filterFromSearch(search: AlertsSearch): AlertFilter {
  return { status: search.status ?? '', severity: search.severity ?? '', ruleId: search.rule ?? '', time: search.time ?? 'any' };
}

/** A filter change as search params: defaults leave the address (`undefined` removes the key). */
export function searchFromFilter(change: Partial<AlertFilter>): Partial<AlertsSearch> {
  const search: Partial<AlertsSearch> = {};
  if ('status' in change) search.status = change.status || undefined;
  if ('severity' in change) search.severity = change.severity || undefined;
  if ('ruleId' in change) search.rule = change.ruleId || undefined;
  if ('time' in change) search.time = change.time === 'any' ? undefined : change.time;
  return search;
}
const OPEN: AlertStatus[] = ['pending', 'triggered', 'acknowledged'];

function rangeStart(time: TimeRange, now: number): number | null {
  const seconds = TIME_RANGES[time];
  return seconds === null ? null : now - seconds * 1000;
}

export function filterToInput(filter: AlertFilter, now: number): Omit<ListAlertsInput, 'limit'> & { limit: number } {
  const from = rangeStart(filter.time, now);
  return {
    ...(filter.status === 'open' ? { status: OPEN } : filter.status ? { status: [filter.status] } : {}),
    ...(filter.severity ? { severity: [filter.severity] } : {}),
    ...(filter.ruleId ? { ruleId: filter.ruleId } : {}),
    ...(from !== null ? { from: new Date(from).toISOString() } : {}),
    limit: 100,
  };
}

/** Whether an alert that changed live belongs in the list as filtered (as the server would answer). */
export function matchesFilter(alert: AlertView, filter: AlertFilter, now: number): boolean {
  if (filter.status === 'open' && !OPEN.includes(alert.status)) return false;
  if (filter.status && filter.status !== 'open' && alert.status !== filter.status) return false;
  if (filter.severity && alert.severity !== filter.severity) return false;
  if (filter.ruleId && alert.rule.id !== filter.ruleId) return false;
  const from = rangeStart(filter.time, now);
  if (from !== null && alert.resolvedAt !== null && Date.parse(alert.resolvedAt) < from) return false;
  return true;
}

/** The list after one alert changed: replaced in place, added on top, or taken out if it no longer matches. */
export function applyAlertChange(items: AlertView[], alert: AlertView, matches: boolean): AlertView[] {
  const index = items.findIndex((item) => item.id === alert.id);
  if (!matches) return index === -1 ? items : items.filter((item) => item.id !== alert.id);
  if (index === -1) return [alert, ...items];
  // A late frame must not undo a newer state (the mutation's own answer may arrive first).
  if (Date.parse((items[index] as AlertView).updatedAt) > Date.parse(alert.updatedAt)) return items;
  return items.map((item) => (item.id === alert.id ? alert : item));
}
