import { BREAKPOINTS, GRID_COLUMNS } from '@pulse/api-contract/schemas';
import type { Breakpoint, LayoutConfig, LayoutItem } from '@pulse/api-contract/schemas';

/**
 * Where one widget sits at every breakpoint (grid lines, 1-based, as CSS grid counts them), and
 * its place in a phone's single column (the `xs` layout's reading order, which an author arranges
 * on a phone in edit mode).
 */
export type GridCell = { widgetId: string; places: Record<Breakpoint, { column: string; row: string; height: number }>; phoneOrder: number };

/**
 * The items of each breakpoint. One left out is the next larger one's (the contract lets an
 * editor save only `lg`, as react-grid-layout derives the smaller ones).
 */
export function itemsByBreakpoint(layout: LayoutConfig): Record<Breakpoint, LayoutItem[]> {
  const md = layout.md ?? layout.lg;
  const sm = layout.sm ?? md;
  return { lg: layout.lg, md, sm, xs: layout.xs ?? sm };
}

export const readingOrder = (a: LayoutItem, b: LayoutItem) => a.y - b.y || a.x - b.x;

/**
 * The widgets in reading order of the `lg` layout (what a screen reader, and the single column
 * of a phone, follow), each with its place per breakpoint. A widget a smaller breakpoint does
 * not place takes its place of the next larger one; a widget no layout places (an older saved
 * document) goes full width below the others rather than vanish.
 */
export function gridCells(layout: LayoutConfig, widgetIds: readonly string[]): GridCell[] {
  const items = itemsByBreakpoint(layout);
  const bottom = Math.max(0, ...layout.lg.map((item) => item.y + item.h));
  const unplaced = widgetIds.filter((id) => !layout.lg.some((item) => item.widgetId === id));
  const fallback = new Map(unplaced.map((widgetId, index): [string, LayoutItem] => [widgetId, { widgetId, x: 0, y: bottom + index * 2, w: GRID_COLUMNS, h: 2 }]));
  const known = new Set(widgetIds);
  const ordered = [...layout.lg.filter((item) => known.has(item.widgetId)).sort(readingOrder), ...fallback.values()];
  const phoneOrder = new Map([...items.xs].sort(readingOrder).map((item, index) => [item.widgetId, index]));
  return ordered.map((lgItem, lgIndex) => {
    let larger = lgItem;
    const places = {} as GridCell['places'];
    for (const breakpoint of BREAKPOINTS) {
      const item = items[breakpoint].find((candidate) => candidate.widgetId === lgItem.widgetId) ?? larger;
      places[breakpoint] = { column: `${item.x + 1} / span ${item.w}`, row: `${item.y + 1} / span ${item.h}`, height: item.h };
      larger = item;
    }
    // A widget the phone layout does not place comes after those it does, in lg's order.
    return { widgetId: lgItem.widgetId, places, phoneOrder: phoneOrder.get(lgItem.widgetId) ?? phoneOrder.size + lgIndex };
  });
}
