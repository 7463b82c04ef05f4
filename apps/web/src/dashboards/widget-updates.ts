import { replaceEqualDeep } from '@tanstack/react-query';
import type { DashboardUpdate, WidgetsData } from '@pulse/api-contract/schemas';
import { mergingWith } from '../api/cache.ts';

const later = (a: string, b: string) => (Date.parse(b) > Date.parse(a) ? b : a);

/**
 * A `live.dashboard` update merged into the cached `widgets.data` answer: the widgets it
 * carries replace theirs by id (the others keep their objects, so they do not re-render), the
 * version and data-as-of move on. An update older than the cached answer changes nothing (a
 * refetch answered at a newer version while it was on its way). Without a cached answer the
 * update is the answer: the first one after (re)connecting holds every widget.
 */
export function applyDashboardUpdate(cached: WidgetsData | undefined, update: DashboardUpdate): WidgetsData {
  const asOf = update.widgets.reduce((newest, widget) => later(newest, widget.asOf), cached?.asOf ?? new Date(0).toISOString());
  if (!cached) return { asOf, version: update.version, widgets: update.widgets };
  if (update.version < cached.version) return cached;
  const changed = new Map(update.widgets.map((widget) => [widget.widgetId, widget]));
  const widgets = cached.widgets.map((widget) => changed.get(widget.widgetId) ?? widget);
  const known = new Set(cached.widgets.map((widget) => widget.widgetId));
  return { asOf, version: update.version, widgets: [...widgets, ...update.widgets.filter((widget) => !known.has(widget.widgetId))] };
}

/**
 * `structuralSharing` of the `widgets.data` query: an answer older than what the live stream
 * already wrote (it was in flight) does not undo it; a newer one replaces it, keeping the
 * objects of unchanged widgets.
 */
export const keepNewerWidgetsData = mergingWith<WidgetsData>((cached, fresh) => (fresh.version < cached.version ? cached : replaceEqualDeep(cached, fresh)));
