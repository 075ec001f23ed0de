import { describe, expect, it } from 'vitest';
import { columnsFor, moveIndex, nearEnd, scrollToShow, visibleWindow } from '../src/screens/sell/virtual-window.ts';

describe('visibleWindow', () => {
  it('renders only the rows in view plus the overscan, over 100,000 items', () => {
    const win = visibleWindow({ scrollTop: 84 * 1000, viewportHeight: 420, rowHeight: 84, count: 100_000, columns: 2, overscan: 2 });
    // Rows 1000..1004 are visible; two more either side.
    expect(win).toEqual({ start: 998 * 2, end: 1007 * 2, totalHeight: 50_000 * 84 });
  });

  it('starts at the top, stops at the last item of a partly filled last row, and is empty for no items', () => {
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 300, rowHeight: 100, count: 50, columns: 3, overscan: 1 })).toEqual({ start: 0, end: 12, totalHeight: 1700 });
    expect(visibleWindow({ scrollTop: 99_999, viewportHeight: 300, rowHeight: 100, count: 50, columns: 3, overscan: 1 })).toEqual({ start: 39, end: 50, totalHeight: 1700 });
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 300, rowHeight: 100, count: 0, columns: 3 })).toEqual({ start: 0, end: 0, totalHeight: 0 });
  });

  it('renders at least a row while the list has no measured height yet', () => {
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 0, rowHeight: 84, count: 10, columns: 1, overscan: 0 })).toEqual({ start: 0, end: 1, totalHeight: 840 });
  });
});

describe('columnsFor', () => {
  it('fits as many columns of the minimum width as the gaps allow, at least one', () => {
    expect(columnsFor(208 * 3 + 8 * 2, 208, 8)).toBe(3);
    expect(columnsFor(208 * 3 + 8 * 2 - 1, 208, 8)).toBe(2);
    expect(columnsFor(100, 208, 8)).toBe(1);
    expect(columnsFor(0, 208, 8)).toBe(1);
  });
});

describe('nearEnd', () => {
  it('asks for the next page when the window comes within the threshold of the loaded items', () => {
    expect(nearEnd({ start: 0, end: 30, totalHeight: 0 }, 40, 8)).toBe(false);
    expect(nearEnd({ start: 10, end: 32, totalHeight: 0 }, 40, 8)).toBe(true);
    expect(nearEnd({ start: 0, end: 0, totalHeight: 0 }, 0, 8)).toBe(false);
  });
});

describe('keyboard movement', () => {
  it('moves by one sideways, by a row up and down, by a page, and to the ends, never outside the list', () => {
    expect(moveIndex(4, 'ArrowRight', 3, 10)).toBe(5);
    expect(moveIndex(4, 'ArrowDown', 3, 10)).toBe(7);
    expect(moveIndex(1, 'ArrowUp', 3, 10)).toBe(0);
    expect(moveIndex(8, 'ArrowDown', 3, 10)).toBe(9);
    expect(moveIndex(0, 'PageDown', 2, 100, 4)).toBe(8);
    expect(moveIndex(5, 'Home', 3, 10)).toBe(0);
    expect(moveIndex(5, 'End', 3, 10)).toBe(9);
    expect(moveIndex(5, 'a', 3, 10)).toBeNull();
    expect(moveIndex(0, 'ArrowDown', 3, 0)).toBeNull();
  });

  it('scrolls just enough to show the focused item', () => {
    expect(scrollToShow(30, 3, 100, 0, 450)).toBe(1100 - 450);
    expect(scrollToShow(3, 3, 100, 500, 450)).toBe(100);
    expect(scrollToShow(16, 3, 100, 300, 450)).toBe(300);
  });
});
