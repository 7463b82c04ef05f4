import type { AlertSeverity, AlertStatus, AlertView, ListAlertsInput } from '@pulse/api-contract/schemas';

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
