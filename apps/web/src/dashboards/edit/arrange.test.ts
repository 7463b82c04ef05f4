import { describe, expect, it } from 'vitest';
import type { LayoutItem } from '@pulse/api-contract/schemas';
import { breakpointFor, compactItems, duplicateItem, moveItemTo, resizeItem, restackItem, stepItem } from './arrange.ts';

const item = (widgetId: string, x: number, y: number, w = 3, h = 2): LayoutItem => ({ widgetId, x, y, w, h });
/** a b      (3 columns each, 2 rows)
 *  c        */
const GRID = [item('a', 0, 0), item('b', 3, 0), item('c', 0, 2)];
const at = (items: LayoutItem[] | null, widgetId: string) => items?.find((candidate) => candidate.widgetId === widgetId);

describe('keyboard steps', () => {
  it('moves one column sideways; a widget in the way goes below', () => {
    const next = stepItem(GRID, 'a', 'right');
    expect(at(next, 'a')).toEqual(item('a', 1, 0));
    expect(at(next, 'b')).toEqual(item('b', 3, 2));
    expect(at(next, 'c')).toEqual(item('c', 0, 2));
  });

  it('moves down past the widget below (they swap), and back up', () => {
    const down = stepItem(GRID, 'a', 'down');
    expect(at(down, 'a')).toEqual(item('a', 0, 2));
    expect(at(down, 'c')).toEqual(item('c', 0, 0));
    expect(down && stepItem(down, 'a', 'up')).toEqual(GRID);
  });

  it('says so (null) where it cannot go: the edges, and down with nothing below', () => {
    expect(stepItem(GRID, 'a', 'left')).toBeNull();
    expect(stepItem(GRID, 'a', 'up')).toBeNull();
    expect(stepItem(GRID, 'c', 'down')).toBeNull();
    expect(stepItem([item('wide', 0, 0, 12)], 'wide', 'right')).toBeNull();
    expect(stepItem(GRID, 'nobody', 'right')).toBeNull();
  });
});

describe('resizing', () => {
  it('grows and shrinks by one column or row in place; what it now covers moves down, what it left floats up', () => {
    const wider = resizeItem(GRID, 'a', 'right');
    expect(at(wider, 'a')).toEqual(item('a', 0, 0, 4));
    expect(at(wider, 'b')).toEqual(item('b', 3, 2));
    const taller = resizeItem(GRID, 'a', 'down');
    expect(at(taller, 'a')).toEqual(item('a', 0, 0, 3, 3));
    expect(at(taller, 'c')).toEqual(item('c', 0, 3));
    const shorter = resizeItem(GRID, 'a', 'up');
    expect(at(shorter, 'a')).toEqual(item('a', 0, 0, 3, 1));
    expect(at(shorter, 'c')).toEqual(item('c', 0, 1));
  });

  it('stops at one cell and at the grid edge', () => {
    expect(resizeItem([item('a', 0, 0, 1, 1)], 'a', 'left')).toBeNull();
    expect(resizeItem([item('a', 0, 0, 1, 1)], 'a', 'up')).toBeNull();
    expect(resizeItem([item('a', 9, 0)], 'a', 'right')).toBeNull();
    expect(resizeItem([item('a', 0, 0, 3, 40)], 'a', 'down')).toBeNull();
  });
});

describe('placing', () => {
  it('drops a widget where a drag would: on another, that one moves out of the way', () => {
    const next = moveItemTo(GRID, 'c', 3, 0);
    expect(at(next, 'c')).toEqual(item('c', 3, 0));
    expect(at(next, 'b')).toEqual(item('b', 3, 2));
    // Out of the grid is clamped into it.
    expect(at(moveItemTo(GRID, 'c', 20, 0), 'c')?.x).toBe(9);
  });

  it('floats everything up, as the grid shows it', () => {
    expect(compactItems([item('a', 0, 5), item('b', 3, 9)])).toEqual([item('a', 0, 0), item('b', 3, 0)]);
  });

  it('puts a copy right below its original', () => {
    const next = duplicateItem(GRID, 'a', 'a-copy');
    expect(at(next, 'a-copy')).toEqual(item('a-copy', 0, 2));
    expect(at(next, 'c')).toEqual(item('c', 0, 4));
  });

  it('restacks the phone column one place up or down, full width', () => {
    expect(restackItem(GRID, 'c', 'up')).toEqual([item('a', 0, 0, 12), item('c', 0, 2, 12), item('b', 0, 4, 12)]);
    expect(restackItem(GRID, 'a', 'up')).toBeNull();
    expect(restackItem(GRID, 'c', 'down')).toBeNull();
  });

  it("picks the breakpoint of the grid's width; one column below xs", () => {
    expect([1440, 1000, 800, 650, 390].map(breakpointFor)).toEqual(['lg', 'md', 'sm', 'xs', null]);
  });
});
