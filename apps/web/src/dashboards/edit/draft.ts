import type { Breakpoint, Dashboard, LayoutConfig, Widget, WidgetType } from '@pulse/api-contract/schemas';
import { addItem, compactItems, duplicateItem, everyBreakpoint, removeItem } from './arrange.ts';
import type { Draft } from './draft-history.ts';
import { freshWidgetId, newWidget, WIDGET_STARTERS } from './new-widget.ts';

/**
 * The draft a dashboard's edit starts from: its widgets, and each layout it saves compacted as
 * the grid shows it (so opening the editor alone changes nothing). A widget an older document
 * does not place in `lg` gets a place at the bottom rather than vanish.
 */
export function draftOf(dashboard: Pick<Dashboard, 'widgetPreferences' | 'layoutConfig'>): Draft {
  const known = new Set(dashboard.widgetPreferences.map((widget) => widget.id));
  const onlyKnown = everyBreakpoint(dashboard.layoutConfig, (items) => compactItems(items.filter((item) => known.has(item.widgetId))));
  const lg = dashboard.widgetPreferences
    .filter((widget) => !onlyKnown.lg.some((item) => item.widgetId === widget.id))
    .reduce((items, widget) => addItem(items, { widgetId: widget.id, w: 12, h: 2 }), onlyKnown.lg);
  return { widgets: dashboard.widgetPreferences, layoutConfig: { ...onlyKnown, lg } };
}

export const widgetIds = (draft: Draft) => draft.widgets.map((widget) => widget.id);

/** A new widget of `type` (its starter query and size) at the first place that fits, at every breakpoint. */
export function addWidget(draft: Draft, type: WidgetType): { draft: Draft; widget: Widget } {
  const widget = newWidget(type, widgetIds(draft));
  const layoutConfig = everyBreakpoint(draft.layoutConfig, (items) => addItem(items, { widgetId: widget.id, ...WIDGET_STARTERS[type].size }));
  return { draft: { widgets: [...draft.widgets, widget], layoutConfig }, widget };
}

export function removeWidget(draft: Draft, widgetId: string): Draft {
  return {
    widgets: draft.widgets.filter((widget) => widget.id !== widgetId),
    layoutConfig: everyBreakpoint(draft.layoutConfig, (items) => removeItem(items, widgetId)),
  };
}

/** A copy of the widget, titled as one, placed right below the original at every breakpoint. */
export function duplicateWidget(draft: Draft, widgetId: string): { draft: Draft; widget: Widget } | null {
  const original = draft.widgets.find((widget) => widget.id === widgetId);
  if (!original) return null;
  const id = freshWidgetId(`${original.id}-copy`, widgetIds(draft));
  const widget: Widget = { ...original, id, title: `${original.title} (copy)`.slice(0, 120) };
  const index = draft.widgets.indexOf(original);
  const widgets = [...draft.widgets.slice(0, index + 1), widget, ...draft.widgets.slice(index + 1)];
  return { draft: { widgets, layoutConfig: everyBreakpoint(draft.layoutConfig, (items) => duplicateItem(items, widgetId, id)) }, widget };
}

/** The widget as the editor changed it (same id), in its place. */
export function replaceWidget(draft: Draft, changed: Widget): Draft {
  return { ...draft, widgets: draft.widgets.map((widget) => (widget.id === changed.id ? changed : widget)) };
}

/** `breakpoint`'s own layout from now on (a breakpoint arranged once no longer follows the larger one). */
export function arrangeAt(draft: Draft, breakpoint: Breakpoint, items: LayoutConfig['lg']): Draft {
  return { ...draft, layoutConfig: { ...draft.layoutConfig, [breakpoint]: items } };
}
