import { BREAKPOINTS, DASHBOARD_LIMITS, GRID_COLUMNS } from '@pulse/api-contract/schemas';
import type { Breakpoint, LayoutConfig, LayoutItem } from '@pulse/api-contract/schemas';
import { cloneLayout, moveElement, verticalCompactor } from 'react-grid-layout/core';
import type { Layout, LayoutItem as GridItem } from 'react-grid-layout/core';
import { itemsByBreakpoint, readingOrder } from '../grid-layout.ts';

/**
 * The arrangement math of the editor, pure over the contract's `LayoutItem[]`. It is
 * react-grid-layout's own (`moveElement` and the vertical compactor of `react-grid-layout/core`,
 * which the mouse drag runs too), so a widget moved by keyboard lands where the same move by
 * mouse would put it: colliding widgets are pushed out of the way and everything floats up.
 */

export type Direction = 'left' | 'right' | 'up' | 'down';
const STEP: Record<Direction, { dx: number; dy: number }> = {
  left: { dx: -1, dy: 0 },
  right: { dx: 1, dy: 0 },
  up: { dx: 0, dy: -1 },
  down: { dx: 0, dy: 1 },
};

const toGrid = (items: readonly LayoutItem[]): GridItem[] => items.map(({ widgetId, x, y, w, h }) => ({ i: widgetId, x, y, w, h }));
const fromGrid = (layout: Layout): LayoutItem[] => layout.map(({ i, x, y, w, h }) => ({ widgetId: i, x, y, w, h }));

/** What react-grid-layout reports, in the contract's shape (its bookkeeping fields dropped). */
export const layoutFromGrid = fromGrid;
export const layoutToGrid = toGrid;

export const sameItems = (a: readonly LayoutItem[], b: readonly LayoutItem[]) =>
  a.length === b.length &&
  a.every((item, index) => {
    const other = b[index];
    return other !== undefined && other.widgetId === item.widgetId && other.x === item.x && other.y === item.y && other.w === item.w && other.h === item.h;
  });

/** Every widget floated up as far as it goes (react-grid-layout's vertical compaction). */
export function compactItems(items: readonly LayoutItem[]): LayoutItem[] {
  return fromGrid(verticalCompactor.compact(toGrid(items), GRID_COLUMNS));
}

/** One widget put at (x, y) as a drag would drop it there, the others moved out of its way. */
export function moveItemTo(items: readonly LayoutItem[], widgetId: string, x: number, y: number): LayoutItem[] {
  const layout = cloneLayout(toGrid(items));
  const item = layout.find((candidate) => candidate.i === widgetId);
  if (!item) return [...items];
  const clampedX = Math.min(Math.max(0, x), GRID_COLUMNS - item.w);
  const clampedY = Math.min(Math.max(0, y), DASHBOARD_LIMITS.maxGridRows);
  const moved = moveElement(layout, item, clampedX, clampedY, true, false, 'vertical', GRID_COLUMNS, false);
  return fromGrid(verticalCompactor.compact(moved, GRID_COLUMNS));
}

const placeOf = (items: readonly LayoutItem[], widgetId: string) => items.find((item) => item.widgetId === widgetId);

/**
 * One keyboard step: the nearest place in `direction` where the widget actually lands
 * somewhere new. With compaction a single row down often floats straight back (into the gap
 * it left), so the step grows until the widget passes its neighbour. Null: it cannot go further.
 */
export function stepItem(items: readonly LayoutItem[], widgetId: string, direction: Direction): LayoutItem[] | null {
  const start = placeOf(items, widgetId);
  if (!start) return null;
  const { dx, dy } = STEP[direction];
  const reach = dx === 0 ? DASHBOARD_LIMITS.maxItemHeight * 2 : GRID_COLUMNS;
  for (let distance = 1; distance <= reach; distance += 1) {
    const x = start.x + dx * distance;
    const y = start.y + dy * distance;
    if (x < 0 || x + start.w > GRID_COLUMNS || y < 0) return null;
    const next = moveItemTo(items, widgetId, x, y);
    const landed = placeOf(next, widgetId);
    if (landed && (landed.x !== start.x || landed.y !== start.y)) return next;
  }
  return null;
}

/**
 * The widget made one column wider or narrower (`left`/`right`) or one row shorter or taller
 * (`up`/`down`), within the grid and the contract's limits; it keeps its place and the widgets
 * it now covers move down. Null: it cannot change that way.
 */
export function resizeItem(items: readonly LayoutItem[], widgetId: string, direction: Direction): LayoutItem[] | null {
  const start = placeOf(items, widgetId);
  if (!start) return null;
  const { dx, dy } = STEP[direction];
  const w = start.w + dx;
  const h = start.h + dy;
  if (w < 1 || start.x + w > GRID_COLUMNS || h < 1 || h > DASHBOARD_LIMITS.maxItemHeight) return null;
  // Static while compacting: the resized widget holds still and the others flow around it.
  const layout = toGrid(items).map((item) => (item.i === widgetId ? { ...item, w, h, static: true } : item));
  return fromGrid(verticalCompactor.compact(layout, GRID_COLUMNS));
}

/** A new widget at the left, below everything; compaction floats it up into the first gap that fits. */
export function addItem(items: readonly LayoutItem[], item: Omit<LayoutItem, 'x' | 'y'>): LayoutItem[] {
  const bottom = Math.max(0, ...items.map((other) => other.y + other.h));
  return compactItems([...items, { ...item, x: 0, y: bottom }]);
}

/** A copy of `widgetId`'s place for `copyId`, right below the original (the widgets there move down). */
export function duplicateItem(items: readonly LayoutItem[], widgetId: string, copyId: string): LayoutItem[] {
  const original = placeOf(items, widgetId);
  if (!original) return [...items];
  const withCopy = addItem(items, { widgetId: copyId, w: original.w, h: original.h });
  return moveItemTo(withCopy, copyId, original.x, original.y + original.h);
}

export const removeItem = (items: readonly LayoutItem[], widgetId: string): LayoutItem[] => compactItems(items.filter((item) => item.widgetId !== widgetId));

export const inReadingOrder = (items: readonly LayoutItem[]): LayoutItem[] => [...items].sort(readingOrder);

/**
 * The single column of a phone: the widgets full width, one under the other, in reading
 * order with `widgetId` moved one place `up` or `down`. Null when it is already first / last.
 */
export function restackItem(items: readonly LayoutItem[], widgetId: string, direction: 'up' | 'down'): LayoutItem[] | null {
  const order = inReadingOrder(items);
  const index = order.findIndex((item) => item.widgetId === widgetId);
  const target = direction === 'up' ? index - 1 : index + 1;
  const current = order[index];
  if (index < 0 || !current || target < 0 || target >= order.length) return null;
  order.splice(index, 1);
  order.splice(target, 0, current);
  let y = 0;
  return order.map((item) => {
    const placed = { widgetId: item.widgetId, x: 0, y, w: GRID_COLUMNS, h: item.h };
    y += item.h;
    return placed;
  });
}

/** The items of `breakpoint`, the next larger one's where the document leaves it out. */
export const itemsAt = (layout: LayoutConfig, breakpoint: Breakpoint): LayoutItem[] => itemsByBreakpoint(layout)[breakpoint];

/** `change` applied to every breakpoint the document places on its own (adding, removing, copying a widget). */
export function everyBreakpoint(layout: LayoutConfig, change: (items: readonly LayoutItem[]) => LayoutItem[]): LayoutConfig {
  const next: LayoutConfig = { lg: change(layout.lg) };
  for (const breakpoint of BREAKPOINTS) {
    const items = layout[breakpoint];
    if (breakpoint !== 'lg' && items) next[breakpoint] = change(items);
  }
  return next;
}

/** The grid breakpoint of a container `width` px wide (react-grid-layout's defaults); null below `xs`: one column. */
export const BREAKPOINT_WIDTHS: Record<Breakpoint, number> = { lg: 1200, md: 996, sm: 768, xs: 600 };
export function breakpointFor(width: number): Breakpoint | null {
  return BREAKPOINTS.find((breakpoint) => width >= BREAKPOINT_WIDTHS[breakpoint]) ?? null;
}
