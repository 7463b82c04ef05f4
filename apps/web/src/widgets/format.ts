import type { Widget } from '@pulse/api-contract/schemas';

/** The display options every widget type shares (units, number format, thresholds, colour). */
export type DisplayOptions = Pick<Widget['options'], 'unit' | 'numberFormat' | 'decimals' | 'thresholds' | 'color'>;

const DURATION_STEPS: readonly [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];
const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

function fixed(value: number, decimals: number): string {
  return new Intl.NumberFormat('en', { maximumFractionDigits: decimals, minimumFractionDigits: 0 }).format(value);
}

/** 850 ms, 1.2 s, 3.5 min, 2.1 h: the largest unit the value reaches, one decimal. */
function formatDuration(ms: number, decimals: number): string {
  const abs = Math.abs(ms);
  for (const [size, unit] of DURATION_STEPS) {
    if (abs >= size) return `${fixed(ms / size, Math.max(decimals, 1))} ${unit}`;
  }
  return `${fixed(ms, decimals)} ms`;
}

/** Decimal (SI) units, as disks and network meters count: 1 kB = 1000 B. */
function formatBytes(bytes: number, decimals: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${fixed(value, unit === 0 ? 0 : Math.max(decimals, 1))} ${BYTE_UNITS[unit]}`;
}

/**
 * A number as the widget's options say. `percent` takes the value as a percentage (42 → "42%"),
 * in the same space as its targets and thresholds; `duration_ms`, `bytes` and `percent` carry
 * their own unit, the others get `unit` after them. Null (nothing measured) is "—".
 */
export function formatValue(value: number | null, options: DisplayOptions): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const unit = options.unit ? ` ${options.unit}` : '';
  switch (options.numberFormat) {
    case 'duration_ms':
      return formatDuration(value, options.decimals);
    case 'bytes':
      return formatBytes(value, options.decimals);
    case 'percent':
      return `${fixed(value, options.decimals)}%`;
    case 'compact':
      return `${new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: Math.max(options.decimals, 1) }).format(value)}${unit}`;
    case 'decimal':
      return `${new Intl.NumberFormat('en', { minimumFractionDigits: options.decimals, maximumFractionDigits: options.decimals }).format(value)}${unit}`;
    case 'integer':
      return `${fixed(value, 0)}${unit}`;
  }
}

/** The colour of the highest threshold the value reaches, else the widget's own colour. */
export function thresholdColor(value: number | null, options: DisplayOptions): string | undefined {
  if (value === null) return options.color;
  let color = options.color;
  for (const threshold of options.thresholds) {
    if (value >= threshold.value) color = threshold.color;
  }
  return color;
}

/** The threshold's label the value reaches ("slow"), for words beside a colour. */
export function thresholdLabel(value: number | null, options: DisplayOptions): string | undefined {
  if (value === null) return undefined;
  return options.thresholds.findLast((threshold) => value >= threshold.value)?.label;
}

type Change = { ratio: number | null; direction: 'up' | 'down' | 'flat' };

/** How `current` moved from `previous`: the ratio is null when there was nothing to compare with. */
export function change(current: number, previous: number): Change {
  const direction = current > previous ? 'up' : current < previous ? 'down' : 'flat';
  return { ratio: previous === 0 ? null : (current - previous) / Math.abs(previous), direction };
}

/** "+12%", "−3%", "±0%"; "new" when the previous period had nothing. */
export function formatChange({ ratio, direction }: Change): string {
  if (ratio === null) return direction === 'flat' ? '±0%' : 'new';
  const percent = Math.round(Math.abs(ratio) * 1000) / 10;
  if (direction === 'flat' || percent === 0) return '±0%';
  return `${direction === 'up' ? '+' : '−'}${fixed(percent, 1)}%`;
}

export function formatPercent(ratio: number): string {
  return `${fixed(Math.round(ratio * 1000) / 10, 1)}%`;
}

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const dayAndClock = new Intl.DateTimeFormat('en-GB', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** "as of 12:03:04" today (the viewer's clock), "as of 1 Dec, 12:03" on an earlier day. */
export function formatAsOf(iso: string, nowMs: number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = new Date(nowMs).toDateString() === date.toDateString();
  return `as of ${sameDay ? clock.format(date) : dayAndClock.format(date)}`;
}

const hourMinute = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
const dayMonth = new Intl.DateTimeFormat('en-GB', { month: 'short', day: 'numeric' });
const dayMonthTime = new Intl.DateTimeFormat('en-GB', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/**
 * Labels for a series' time points: clock times within a day, dates for daily or weekly
 * buckets, both in between (hourly points over several days).
 */
export function timeLabeller(times: readonly string[]): (iso: string) => string {
  const first = Date.parse(times[0] ?? '');
  const last = Date.parse(times[times.length - 1] ?? '');
  const second = Date.parse(times[1] ?? '');
  const span = last - first;
  const step = second - first;
  if (Number.isFinite(step) && step >= 86_400_000) return (iso) => dayMonth.format(new Date(iso));
  if (Number.isFinite(span) && span > 86_400_000) return (iso) => dayMonthTime.format(new Date(iso));
  return (iso) => hourMinute.format(new Date(iso));
}
