import { describe, expect, it } from 'vitest';
import { gridCells } from './grid-layout.ts';

describe('gridCells', () => {
  it('places each widget by its lg item, in reading order, and derives a missing breakpoint from the next larger one', () => {
    const cells = gridCells(
      {
        lg: [
          { widgetId: 'chart', x: 0, y: 2, w: 12, h: 4 },
          { widgetId: 'b', x: 6, y: 0, w: 6, h: 2 },
          { widgetId: 'a', x: 0, y: 0, w: 6, h: 2 },
        ],
        sm: [
          { widgetId: 'a', x: 0, y: 0, w: 12, h: 2 },
          { widgetId: 'b', x: 0, y: 2, w: 12, h: 3 },
        ],
      },
      ['a', 'b', 'chart'],
    );
    expect(cells.map((cell) => cell.widgetId)).toEqual(['a', 'b', 'chart']);
    const b = cells[1]?.places;
    expect(b?.lg).toEqual({ column: '7 / span 6', row: '1 / span 2', height: 2 });
    expect(b?.md).toEqual(b?.lg);
    expect(b?.sm).toEqual({ column: '1 / span 12', row: '3 / span 3', height: 3 });
    // xs is left out: sm's. A widget sm does not place keeps md's place.
    expect(b?.xs).toEqual(b?.sm);
    expect(cells[2]?.places.sm).toEqual({ column: '1 / span 12', row: '3 / span 4', height: 4 });
    // The phone column follows xs (here sm's): a, b, then chart, which sm does not place.
    expect(cells.map((cell) => cell.phoneOrder)).toEqual([0, 1, 4]);
  });

  it("orders a phone's column by the xs layout, not lg's", () => {
    const cells = gridCells(
      {
        lg: [
          { widgetId: 'a', x: 0, y: 0, w: 6, h: 2 },
          { widgetId: 'b', x: 6, y: 0, w: 6, h: 2 },
        ],
        xs: [
          { widgetId: 'b', x: 0, y: 0, w: 12, h: 2 },
          { widgetId: 'a', x: 0, y: 2, w: 12, h: 2 },
        ],
      },
      ['a', 'b'],
    );
    expect(cells.map((cell) => [cell.widgetId, cell.phoneOrder])).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
  });

  it('puts a widget no layout places full width below the others, and drops a place whose widget is gone', () => {
    const cells = gridCells({ lg: [{ widgetId: 'a', x: 0, y: 0, w: 4, h: 3 }, { widgetId: 'removed', x: 4, y: 0, w: 4, h: 2 }] }, ['a', 'new']);
    expect(cells.map((cell) => cell.widgetId)).toEqual(['a', 'new']);
    expect(cells[1]?.places.lg).toEqual({ column: '1 / span 12', row: '4 / span 2', height: 2 });
  });
});
