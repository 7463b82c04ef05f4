import type { UserActor, WidgetData, WidgetQuery, WidgetResult } from '@pulse/api-contract/schemas';
import type { Masker } from '../privacy/masker.ts';

/** The masker of one viewer: the organization's policy applied to whoever reads. */
export type MaskerOf = (organizationId: string, viewer: UserActor) => Promise<Masker>;

/** A widget's numbers with the user ids in them masked: table columns named userId, categories grouped by user or by a hidden property (an address). */
function maskData(masker: Masker, query: WidgetQuery | undefined, data: WidgetData | null): WidgetData | null {
  if (data === null) return null;
  if (data.shape === 'rows') {
    const userColumns = data.columns.flatMap((column, index) => (column === 'userId' ? [index] : []));
    if (userColumns.length === 0) return data;
    return { ...data, rows: data.rows.map((row) => row.map((cell, index) => (userColumns.includes(index) && typeof cell === 'string' ? masker.userId(cell) : cell))) };
  }
  if (data.shape === 'categories' && query?.source === 'activity' && (query.groupBy.by === 'user' || (query.groupBy.by === 'property' && masker.hidesProperty(query.groupBy.property)))) {
    // 'none' stands for events without a user: nobody to mask.
    return { ...data, items: data.items.map((item) => (item.key === 'none' ? item : { ...item, key: masker.userId(item.key) ?? item.key, label: masker.userId(item.label) ?? item.label })) };
  }
  return data;
}

/**
 * Masks the widgets' answers for their viewer after the engine computed (and cached) them per
 * scope: the cache is shared by every viewer of a scope, the masking is the viewer's own.
 */
export function maskResults(masker: Masker, widgets: { id: string; query: WidgetQuery }[], results: WidgetResult[]): WidgetResult[] {
  const queries = new Map(widgets.map((widget) => [widget.id, widget.query]));
  return results.map((result) => {
    const query = queries.get(result.widgetId);
    return { ...result, data: maskData(masker, query, result.data), compare: maskData(masker, query, result.compare) };
  });
}
