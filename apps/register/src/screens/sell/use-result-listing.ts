import { useCallback, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { CatalogueIndex, ListedItem, RankedItems } from '../../db/catalogue-index.ts';
import {
  catalogueIndexVersion,
  readyCatalogueIndex,
  subscribeCatalogueIndex,
} from '../../db/catalogue-memory.ts';
import { categoryPage, searchPage, type ItemPage, type ListCursor } from '../../db/catalogue.ts';
import type { RegisterDatabase } from '../../db/database.ts';

/** 60 a page: more than a tablet's window of results, so typing never also fetches a second page. */
const PAGE = 60;

type Listing = { key: string; items: ListedItem[]; next: ListCursor | null };
const NO_LISTING: Listing = { key: '', items: [], next: null };

/** What the result grid shows, for which key ("q:<query>" or "c:<category id>"), and how to ask for more. */
export interface ResultListing {
  items: readonly ListedItem[];
  /** The key the items were found for (undefined while the items of an older key still show). */
  shownKey: string | undefined;
  /** True when the shown key matched nothing. */
  empty: boolean;
  loadMore(): void;
}

function fetchPage(db: RegisterDatabase, key: string, after: ListCursor | null): Promise<ItemPage> {
  if (key.startsWith('q:')) return searchPage(db, key.slice(2), { limit: PAGE, after });
  if (key.startsWith('c:')) return categoryPage(db, key.slice(2), { limit: PAGE, after });
  return Promise.resolve({ items: [], next: null });
}

function listFromIndex(index: CatalogueIndex, key: string, count: number): RankedItems {
  if (key.startsWith('q:')) return index.search(key.slice(2), 0, count);
  if (key.startsWith('c:')) return index.category(key.slice(2), 0, count);
  return { items: [], more: false };
}

/**
 * The results for a key. From the in-memory index once it is built: computed while rendering,
 * so a key is one render with nothing to wait for. Before that, pages are read from IndexedDB.
 */
export function useResultListing(db: RegisterDatabase, key: string): ResultListing {
  const subscribe = useCallback((listener: () => void) => subscribeCatalogueIndex(db, listener), [db]);
  const version = useSyncExternalStore(subscribe, () => catalogueIndexVersion(db));
  const index = readyCatalogueIndex(db);
  const [more, setMore] = useState({ key: '', count: PAGE });
  const count = more.key === key ? more.count : PAGE;
  const memory = useMemo(
    () => (index ? listFromIndex(index, key, count) : null),
    [index, key, count, version],
  );
  const stored = useStoredListing(db, key, index === null);

  const loadMore = useCallback(() => {
    if (!memory) return stored.loadMore();
    if (memory.more) setMore({ key, count: count + PAGE });
  }, [memory, stored, key, count]);

  if (memory) return { items: memory.items, shownKey: key, empty: memory.items.length === 0, loadMore };
  const shown = stored.listing.key === key;
  // While the next results load, the previous ones stay (no flash of an empty list between keys).
  return {
    items: stored.listing.items,
    shownKey: shown ? key : undefined,
    empty: shown && stored.listing.items.length === 0,
    loadMore,
  };
}

/** Pages read from IndexedDB (while the in-memory index is not built yet). */
function useStoredListing(
  db: RegisterDatabase,
  key: string,
  active: boolean,
): { listing: Listing; loadMore(): void } {
  const [listing, setListing] = useState<Listing>(NO_LISTING);
  const loadingMore = useRef(false);
  const keyRef = useRef(key);
  keyRef.current = key;

  // A layout effect starts the read before the browser paints the typed letter: one frame sooner than useEffect.
  useLayoutEffect(() => {
    if (!active) return;
    loadingMore.current = false;
    void fetchPage(db, key, null).then((page) => {
      if (keyRef.current === key) setListing({ key, ...page });
    });
  }, [db, key, active]);

  // The next page when the cashier scrolls near the end of what is loaded (search stops at no fixed number).
  const loadMore = useCallback(() => {
    if (loadingMore.current || !listing.next || listing.key !== keyRef.current) return;
    loadingMore.current = true;
    const { key: forKey, next } = listing;
    void fetchPage(db, forKey, next).then((page) => {
      loadingMore.current = false;
      if (keyRef.current !== forKey) return;
      setListing((current) => {
        if (current.key !== forKey || current.next !== next) return current;
        const known = new Set(current.items.map((i) => i.variantId));
        return {
          key: forKey,
          items: [...current.items, ...page.items.filter((i) => !known.has(i.variantId))],
          next: page.next,
        };
      });
    });
  }, [db, listing]);

  return useMemo(() => ({ listing, loadMore }), [listing, loadMore]);
}
