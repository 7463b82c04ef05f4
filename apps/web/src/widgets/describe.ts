import type { Widget, WidgetData, WidgetQuery } from '@pulse/api-contract/schemas';
import { formatValue, timeLabeller } from './format.ts';
import type { DisplayOptions } from './format.ts';

const RANGE_WORDS: Record<string, string> = {
  last_15m: 'in the last 15 min',
  last_1h: 'in the last hour',
  last_24h: 'in the last 24 h',
  last_7d: 'in the last 7 days',
  last_30d: 'in the last 30 days',
  today: 'today',
  this_week: 'this week',
};

function rangeWords(range: Extract<WidgetQuery, { source: 'activity' }>['timeRange']): string {
  return range.kind === 'relative' ? (RANGE_WORDS[range.range] ?? '') : 'in the chosen period';
}

/** What each live counter counts, and so what would move it. */
const COUNTER_HINTS: Record<Extract<WidgetQuery, { source: 'counters' }>['counter'], string> = {
  active_users: 'No one active in the last 5 min — any event a user sends counts them as active',
  api_calls_per_minute: 'No API_CALL events in the last minute — send events with type API_CALL to fill this',
  logins_per_hour: 'No USER_LOGIN events in the last hour — sign-ins send them',
  logouts_per_hour: 'No USER_LOGOUT events in the last hour — sign-outs send them',
  products_created_today: 'No PRODUCT_CREATED events today — send events with type PRODUCT_CREATED to fill this',
  events_today: 'No events today — send any event to fill this',
  events_per_minute: 'No events in the last hour — send any event to fill this',
  events_by_type_today: 'No events today — send any event to fill this',
};

/** The empty state: what is missing, and what would fill it. */
export function emptyHint(query: WidgetQuery): string {
  switch (query.source) {
    case 'activity': {
      const types = query.filters.eventTypes ?? [];
      const named = types.length > 0 ? `${types.join(' or ')} events` : 'events';
      const when = rangeWords(query.timeRange);
      if (query.measure.kind !== 'count' && query.measure.kind !== 'distinct_users') {
        const property = query.measure.property;
        return `No ${named} with a numeric ${property} ${when} — send ${named} with a ${property} number to fill this`;
      }
      const send = types.length > 0 ? `send events with type ${types.join(' or ')}` : 'send any event';
      return `No ${named} ${when} — ${send} to fill this`;
    }
    case 'metrics':
      return `No ${query.metricName} values ${rangeWords(query.timeRange)} — record the metric ${query.metricName} to fill this`;
    case 'counters':
      return COUNTER_HINTS[query.counter];
    case 'engagement':
      return `No user activity ${rangeWords(query.timeRange)} — it fills as users send events`;
    case 'reports':
      return query.measure === 'most_viewed' || query.measure === 'views'
        ? `No report views ${rangeWords(query.timeRange)} — REPORT_VIEW events fill this`
        : `No reports generated ${rangeWords(query.timeRange)} — REPORT_GENERATED events fill this`;
  }
}

const nothing = (value: number | null) => value === null || value === 0;

/** Whether there is nothing to draw (a count of 0 on its own is a number worth showing). */
export function isEmpty(data: WidgetData): boolean {
  switch (data.shape) {
    case 'scalar':
      return data.value === null;
    case 'series':
      return data.points.every((point) => nothing(point.value));
    case 'categories':
      return data.items.every((item) => nothing(item.value));
    case 'grid':
      return data.cells.every((cell) => cell.value === 0);
    case 'rows':
      return data.rows.length === 0;
  }
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** A widget's numbers as a table: the text alternative of its chart, and the table widget's body. */
export type NumbersTable = { columns: string[]; rows: string[][] };

export function numbersTable(widget: Widget, data: WidgetData, compare: WidgetData | null): NumbersTable {
  const format = (value: number | null) => formatValue(value, widget.options);
  switch (data.shape) {
    case 'scalar':
      return { columns: ['Value'], rows: [[format(data.value)]] };
    case 'series': {
      const label = timeLabeller(data.points.map((point) => point.t));
      const previous = compare?.shape === 'series' ? compare.points : null;
      return {
        columns: previous ? ['Time', 'Value', 'Previous period'] : ['Time', 'Value'],
        rows: data.points.map((point, index) => {
          const row = [label(point.t), format(point.value)];
          return previous ? [...row, format(previous[index]?.value ?? null)] : row;
        }),
      };
    }
    case 'categories':
      return { columns: ['Name', 'Value'], rows: data.items.map((item) => [item.label, format(item.value)]) };
    case 'grid': {
      const byCell = new Map(data.cells.map((cell) => [`${cell.x}:${cell.y}`, cell.value]));
      return {
        columns: ['Hour (UTC)', ...WEEKDAYS],
        rows: Array.from({ length: 24 }, (_, hour) => [hourLabel(hour), ...WEEKDAYS.map((_, day) => format(byCell.get(`${hour}:${day + 1}`) ?? 0))]),
      };
    }
    case 'rows':
      return {
        columns: data.columns.map(columnLabel),
        rows: data.rows.map((row) => row.map((cell) => (typeof cell === 'number' ? format(cell) : (cell ?? '—')))),
      };
  }
}

/** The contract's column names are for programs (`eventCount`); people read `Events`. */
const COLUMN_LABELS: Record<string, string> = {
  userId: 'User',
  eventCount: 'Events',
  loginCount: 'Logins',
  pageViews: 'Page views',
  apiCalls: 'API calls',
  reportsGenerated: 'Reports generated',
  reportsViewed: 'Reports viewed',
  aiChatMessagesSent: 'AI messages',
  reportId: 'Report',
  reportType: 'Type',
  views: 'Views',
  generatedAt: 'Generated',
  processingSeconds: 'Processing (s)',
};

/** A known column's label, else the name in words (`someCount` → `Some count`). */
export function columnLabel(column: string): string {
  const known = COLUMN_LABELS[column];
  if (known) return known;
  const words = column.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function extremes<T>(items: readonly T[], value: (item: T) => number | null): { max: T } | null {
  let max: T | null = null;
  let maxValue = -Infinity;
  for (const item of items) {
    const current = value(item);
    if (current === null) continue;
    if (current > maxValue) {
      max = item;
      maxValue = current;
    }
  }
  return max === null ? null : { max };
}

/** The chart in a sentence or two, for screen readers (the numbers themselves are one click away). */
export function summarize(data: WidgetData, options: DisplayOptions): string {
  const format = (value: number | null) => formatValue(value, options);
  switch (data.shape) {
    case 'scalar':
      return format(data.value);
    case 'series': {
      const label = timeLabeller(data.points.map((point) => point.t));
      const found = extremes(data.points, (point) => point.value);
      const first = data.points[0];
      const last = data.points.findLast((point) => point.value !== null);
      if (!found || !first || !last) return 'No values.';
      return `${data.points.length} points from ${label(first.t)} to ${label(data.points[data.points.length - 1]?.t ?? first.t)}; highest ${format(found.max.value)} at ${label(found.max.t)}; latest ${format(last.value)} at ${label(last.t)}.`;
    }
    case 'categories': {
      const found = extremes(data.items, (item) => item.value);
      if (!found) return 'No values.';
      return `${data.items.length} categories; largest ${found.max.label} with ${format(found.max.value)}.`;
    }
    case 'grid': {
      const found = extremes(data.cells, (cell) => cell.value);
      if (!found) return 'No values.';
      return `Busiest: ${WEEKDAYS[found.max.y - 1] ?? ''} ${hourLabel(found.max.x)} UTC with ${format(found.max.value)}.`;
    }
    case 'rows':
      return `${data.rows.length} rows.`;
  }
}
