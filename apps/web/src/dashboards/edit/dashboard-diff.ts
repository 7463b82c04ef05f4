import type { Draft } from './draft-history.ts';

/** What someone else's save changed, by widget title, for the conflict dialog. */
export type DashboardDiff = { added: string[]; removed: string[]; moved: string[]; edited: string[] };

const placeKey = (draft: Draft, widgetId: string) => {
  const item = draft.layoutConfig.lg.find((candidate) => candidate.widgetId === widgetId);
  return item ? `${item.x},${item.y},${item.w},${item.h}` : '';
};

/**
 * `theirs` against `base` (the version this edit started from): widgets added, removed, moved
 * or resized on the large layout, and edited (title, query or options).
 */
export function diffDashboards(base: Draft, theirs: Draft): DashboardDiff {
  const before = new Map(base.widgets.map((widget) => [widget.id, widget]));
  const after = new Map(theirs.widgets.map((widget) => [widget.id, widget]));
  const diff: DashboardDiff = { added: [], removed: [], moved: [], edited: [] };
  for (const widget of theirs.widgets) {
    const old = before.get(widget.id);
    if (!old) diff.added.push(widget.title);
    else {
      if (JSON.stringify(old) !== JSON.stringify(widget)) diff.edited.push(widget.title);
      if (placeKey(base, widget.id) !== placeKey(theirs, widget.id)) diff.moved.push(widget.title);
    }
  }
  for (const widget of base.widgets) if (!after.has(widget.id)) diff.removed.push(widget.title);
  return diff;
}

/** The diff in sentences ("Added: Heatmap, Orders."), empty when only the smaller layouts changed. */
export function describeDiff(diff: DashboardDiff): string[] {
  const line = (label: string, titles: string[]) => (titles.length > 0 ? [`${label}: ${titles.join(', ')}.`] : []);
  return [...line('Added', diff.added), ...line('Removed', diff.removed), ...line('Moved or resized', diff.moved), ...line('Edited', diff.edited)];
}
