import { GRID_COLUMNS, type LayoutConfig, type LayoutItem } from '@pulse/api-contract/schemas';

/** A widget's size on the widest grid; narrower breakpoints are derived from it. */
export type Sized = { widgetId: string; w: number; h: number };

/** Left to right, top to bottom, a new row when the next widget would not fit. */
function pack(items: Sized[], widthOf: (item: Sized) => number): LayoutItem[] {
  const placed: LayoutItem[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const item of items) {
    const w = Math.min(GRID_COLUMNS, widthOf(item));
    if (x + w > GRID_COLUMNS) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    placed.push({ widgetId: item.widgetId, x, y, w, h: item.h });
    x += w;
    rowHeight = Math.max(rowHeight, item.h);
  }
  return placed;
}

/**
 * The layout of seeded dashboards: as sized on `lg` and `md`, two small widgets a row on `sm`
 * (anything wider than a third takes the row), one a row on `xs` (phones).
 */
export function packedLayout(items: Sized[]): LayoutConfig {
  const lg = pack(items, (item) => item.w);
  return {
    lg,
    md: lg,
    sm: pack(items, (item) => (item.w <= GRID_COLUMNS / 3 ? GRID_COLUMNS / 2 : GRID_COLUMNS)),
    xs: pack(items, () => GRID_COLUMNS),
  };
}
