import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { columnsFor, moveIndex, nearEnd, scrollToShow, visibleWindow } from './virtual-window.ts';

export interface VirtualListHandle {
  /** Scrolls item `index` into view and focuses its button (arrow down from the search field). */
  focusIndex(index: number): void;
}

const GAP = 8;

/**
 * A grid of same-height items of which only the visible rows (and a few around them) are in the
 * DOM: 100,000 results scroll as smoothly as 10. Asks for more (`onNearEnd`) when the cashier
 * scrolls towards the end of what is loaded. Arrow keys, Home/End and Page Up/Down move the focus
 * between items; Enter or Space presses the focused item's button.
 */
export function VirtualList<T>({ items, rowHeight, minColumnWidth, getKey, renderItem, onNearEnd, label, testId, dataQuery, ref }: {
  items: readonly T[];
  rowHeight: number;
  minColumnWidth: number;
  getKey(item: T): string;
  renderItem(item: T, index: number): ReactNode;
  onNearEnd?(): void;
  label: string;
  testId?: string;
  /** What the shown items were found for (read by the browser bench and tests). */
  dataQuery?: string;
  ref?: React.Ref<VirtualListHandle>;
}) {
  const scroller = useRef<HTMLDivElement | null>(null);
  const [box, setBox] = useState({ width: 0, height: 0, scrollTop: 0 });
  const pendingFocus = useRef<number | null>(null);
  const columns = columnsFor(box.width, minColumnWidth, GAP);
  const win = visibleWindow({ scrollTop: box.scrollTop, viewportHeight: box.height, rowHeight, count: items.length, columns });

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setBox((b) => ({ ...b, width: element.clientWidth, height: element.clientHeight }));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // A new list (another query) starts at the top. Only a list that is not at the top is scrolled:
  // writing scrollTop forces the browser to lay out the page at once, on every key typed (it was
  // the largest single cost of search-as-you-type with 4× CPU throttling). Where the list is, is
  // known from its scroll events and our own scrolling, without asking the layout.
  const firstKey = items[0] ? getKey(items[0]) : '';
  const scrolledTo = useRef(0);
  useLayoutEffect(() => {
    if (scroller.current && dataQuery !== undefined && scrolledTo.current !== 0) {
      scroller.current.scrollTop = 0;
      scrolledTo.current = 0;
    }
    // Unchanged state is no second render (the common case while typing: the list is at the top).
    setBox((b) => (b.scrollTop === 0 ? b : { ...b, scrollTop: 0 }));
  }, [dataQuery, firstKey]);

  const wantsMore = nearEnd(win, items.length, columns * 2);
  useEffect(() => {
    if (wantsMore) onNearEnd?.();
  }, [wantsMore, items.length, onNearEnd]);

  // Focus follows the keyboard once the item's row is rendered.
  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null || index < win.start || index >= win.end) return;
    pendingFocus.current = null;
    scroller.current?.querySelector<HTMLElement>(`[data-index="${index}"] button`)?.focus();
  });

  function show(index: number) {
    const element = scroller.current;
    if (!element) return;
    pendingFocus.current = index;
    const top = scrollToShow(index, columns, rowHeight, element.scrollTop, element.clientHeight);
    element.scrollTop = top;
    scrolledTo.current = top;
    setBox((b) => ({ ...b, scrollTop: top }));
  }

  useImperativeHandle(ref, () => ({ focusIndex: (index: number) => index < items.length && show(index) }));

  function onKeyDown(event: React.KeyboardEvent) {
    const current = Number((event.target as HTMLElement).closest('[data-index]')?.getAttribute('data-index') ?? NaN);
    if (Number.isNaN(current)) return;
    const next = moveIndex(current, event.key, columns, items.length, Math.max(1, Math.floor(box.height / rowHeight)));
    if (next === null) return;
    // The arrows move through the results here, not the cart's selected line (the sell screen's window shortcut).
    event.preventDefault();
    event.stopPropagation();
    show(next);
  }

  // The position is read in the handler: React runs a state updater later, when the event's
  // currentTarget is already gone (reading it there threw and took the whole register down).
  function onScroll(scrollTop: number) {
    scrolledTo.current = scrollTop;
    setBox((b) => (b.scrollTop === scrollTop ? b : { ...b, scrollTop }));
  }

  const rendered: ReactNode[] = [];
  const width = `calc((100% - ${(columns - 1) * GAP}px) / ${columns})`;
  for (let index = win.start; index < win.end; index++) {
    const item = items[index]!;
    const column = index % columns;
    rendered.push(
      // Keyed by position: the next query's results reuse the rows on screen (new text, no new DOM).
      // Contained: a row's size never depends on its text, so new text lays out that row alone.
      <li
        key={index}
        data-index={index}
        style={{ position: 'absolute', top: Math.floor(index / columns) * rowHeight, left: `calc(${column} * (${width} + ${GAP}px))`, width, height: rowHeight - GAP, contain: 'strict' }}
      >
        {renderItem(item, index)}
      </li>,
    );
  }

  return (
    <div ref={scroller} className="virtual-list" style={{ flex: '1 1 60vh', minHeight: '12rem', overflowY: 'auto', position: 'relative' }} onScroll={(e) => onScroll(e.currentTarget.scrollTop)}>
      <ul className="results" data-testid={testId} data-query={dataQuery} data-count={items.length} aria-label={label} onKeyDown={onKeyDown} style={{ display: 'block', position: 'relative', height: win.totalHeight, overflow: 'visible' }}>
        {rendered}
      </ul>
    </div>
  );
}
