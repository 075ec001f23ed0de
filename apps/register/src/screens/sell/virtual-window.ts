/**
 * Windowing maths for long lists (UI.md: lists of 100,000 products are virtualised). Items sit in
 * a grid of `columns` with a fixed row height, so which rows are on screen follows from the scroll
 * position alone, without measuring any row. Pure, so it is tested without a browser.
 */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  columns: number;
  /** Rows rendered above and below the visible ones, so a fast scroll shows no gap. */
  overscan?: number;
}

export interface ListWindow {
  /** First item index to render. */
  start: number;
  /** One past the last item index to render. */
  end: number;
  /** Height of the whole list, as if every row were rendered. */
  totalHeight: number;
}

/** How many columns of at least `minWidth` fit in `width` with `gap` between them (at least one). */
export function columnsFor(width: number, minWidth: number, gap: number): number {
  if (!(width > 0)) return 1;
  return Math.max(1, Math.floor((width + gap) / (minWidth + gap)));
}

/** The items to render for this scroll position. */
export function visibleWindow({ scrollTop, viewportHeight, rowHeight, count, columns, overscan = 2 }: WindowInput): ListWindow {
  const rows = Math.ceil(count / columns);
  const totalHeight = rows * rowHeight;
  if (count === 0) return { start: 0, end: 0, totalHeight };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewportHeight));
  const firstRow = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const lastRow = Math.min(rows, Math.ceil((top + Math.max(viewportHeight, rowHeight)) / rowHeight) + overscan);
  return { start: firstRow * columns, end: Math.min(count, lastRow * columns), totalHeight };
}

/** True when the rendered window comes within `threshold` items of the end of what is loaded: time to load the next page. */
export function nearEnd(window: ListWindow, loaded: number, threshold: number): boolean {
  return loaded > 0 && window.end >= loaded - threshold;
}

/** The scroll position that shows item `index` whole, moving as little as possible. */
export function scrollToShow(index: number, columns: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const top = Math.floor(index / columns) * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return Math.max(0, top + rowHeight - viewportHeight);
  return scrollTop;
}

/** Arrow keys, Home, End and Page keys over a grid of items: the index focus moves to (clamped to the list). */
export function moveIndex(index: number, key: string, columns: number, count: number, pageRows = 5): number | null {
  const step: Record<string, number> = {
    ArrowRight: 1,
    ArrowLeft: -1,
    ArrowDown: columns,
    ArrowUp: -columns,
    PageDown: columns * pageRows,
    PageUp: -columns * pageRows,
  };
  if (count === 0) return null;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  const delta = step[key];
  if (delta === undefined) return null;
  return Math.min(count - 1, Math.max(0, index + delta));
}
