import { filterToken } from './drill-filters.ts';
import type { DrillFilter } from './drill-filters.ts';

/**
 * The names of filtered values as they were clicked ("Sales" for a department id), for the
 * chips. The address carries only the id (a shared link must not be able to put words on a
 * chip); after a reload, or for a link from someone else, the chip shows the id unless the
 * dashboard names it (FilterChips' `labelOf`).
 */
const labels = new Map<string, string>();

export function rememberFilterLabel(filter: DrillFilter, label: string): void {
  labels.set(filterToken(filter), label);
}

export function rememberedFilterLabel(filter: DrillFilter): string | undefined {
  return labels.get(filterToken(filter));
}
