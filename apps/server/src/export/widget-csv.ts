import type { TimeRange, WidgetData, WidgetResult } from '@pulse/api-contract/schemas';
import { toCsv } from './csv.ts';

/** The columns and rows of one answer, by its shape: what a chart of it draws, number for number. */
function tableOf(data: WidgetData): { header: string[]; rows: unknown[][] } {
  switch (data.shape) {
    case 'scalar':
      return { header: ['value'], rows: [[data.value]] };
    case 'series':
      return { header: ['t', 'value'], rows: data.points.map((point) => [point.t, point.value]) };
    case 'categories':
      return { header: ['key', 'label', 'value'], rows: data.items.map((item) => [item.key, item.label, item.value]) };
    case 'grid':
      return { header: ['hourOfDay', 'isoWeekday', 'value'], rows: data.cells.map((cell) => [cell.x, cell.y, cell.value]) };
    case 'rows':
      return { header: data.columns, rows: data.rows };
  }
}

/**
 * A widget's answer as CSV (formula-safe, export/csv.ts). With a comparison, a first column
 * `period` tells the current period's rows from the previous period's.
 */
export function widgetCsv(result: WidgetResult): { csv: string; rowCount: number } {
  if (!result.data) return { csv: toCsv(['error'], [[result.error?.message ?? 'no data']]), rowCount: 0 };
  const current = tableOf(result.data);
  if (!result.compare) return { csv: toCsv(current.header, current.rows), rowCount: current.rows.length };
  const previous = tableOf(result.compare);
  const rows = [...current.rows.map((row) => ['current', ...row]), ...previous.rows.map((row) => ['previous', ...row])];
  return { csv: toCsv(['period', ...current.header], rows), rowCount: rows.length };
}

/** Lower-case words joined by '-', at most 60 characters: safe in any file system and header. */
export function fileSlug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
}

const compactInstant = (at: string) => new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** `active-users_last_24h_department-sales.csv`: what, over which time, seen by which scope. */
export function widgetCsvFilename(title: string, fallback: string, range: TimeRange | null, scope: string): string {
  const time = range === null ? 'live' : range.kind === 'relative' ? range.range : `${compactInstant(range.from)}-${compactInstant(range.to)}`;
  return `${fileSlug(title) || fileSlug(fallback) || 'widget'}_${time}_${scope}.csv`;
}
