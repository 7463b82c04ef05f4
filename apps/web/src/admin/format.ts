import type { AlertRuleView, WatchedValue } from '@pulse/api-contract/schemas';

export { formatDateTime } from '../ui/format.ts';

export function formatValue(value: number | null): string {
  if (value === null) return 'no data';
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** 0 → "0 s", 90 → "1 min 30 s", 3600 → "1 h". */
export function formatSeconds(total: number): string {
  if (total === 0) return '0 s';
  const parts: string[] = [];
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (seconds) parts.push(`${seconds} s`);
  return parts.join(' ');
}

const COUNTER_LABELS: Record<string, string> = {
  activeUsers: 'Active users',
  apiCallsPerMinute: 'API calls per minute',
  loginsLastHour: 'Logins last hour',
  eventsToday: 'Events today',
};

export function describeSource(source: WatchedValue): string {
  if (source.kind === 'counter') return `${COUNTER_LABELS[source.counter] ?? source.counter} (live counter)`;
  const labels = Object.entries(source.labels).map(([name, value]) => `${name}="${value}"`);
  const filter = labels.length > 0 ? `{${labels.join(',')}}` : '';
  return `${source.aggregation}(${source.metricName}${filter}) over ${formatSeconds(source.windowSeconds)}`;
}

export function counterLabel(counter: string): string {
  return COUNTER_LABELS[counter] ?? counter;
}

export function describeThresholds(rule: Pick<AlertRuleView, 'operator' | 'thresholds'>): string[] {
  return rule.thresholds.map(
    (threshold) => `${threshold.severity}: ${rule.operator} ${formatValue(threshold.value)} for ${formatSeconds(threshold.forSeconds)}`,
  );
}
