import { lazy, Suspense, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalItem, RegisterDatabase } from '../../db/database.ts';
import { categoryPage, searchPage, type ItemPage, type ListCursor } from '../../db/catalogue.ts';
import { formatMoney, intlLocale } from '../../lib/format.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';
import { cameraAvailable } from '../../scan/camera-stream.ts';
import { VirtualList, type VirtualListHandle } from './VirtualList.tsx';

// The camera scanner (and zxing-wasm with it) loads only when the cashier opens it.
const CameraScanner = lazy(() => import('../../scan/CameraScanner.tsx'));

/** Fixed row height of the result grid: windowing needs it, and it is a comfortable touch target. */
const ROW_HEIGHT = 84;

type Listing = { key: string; items: LocalItem[]; next: ListCursor | null };
const NO_LISTING: Listing = { key: '', items: [], next: null };

function fetchPage(db: RegisterDatabase, key: string, after: ListCursor | null): Promise<ItemPage> {
  // 60 a page: more than a tablet's window of results, so typing never also fetches a second page.
  if (key.startsWith('q:')) return searchPage(db, key.slice(2), { limit: 60, after });
  if (key.startsWith('c:')) return categoryPage(db, key.slice(2), { after });
  return Promise.resolve({ items: [], next: null });
}

/** Search as you type over the local catalogue, category tiles to tap through, and the camera as a scanner. */
export function CatalogPanel({ db, currency, readOnly, onPick, onCode, searchRef }: { db: RegisterDatabase; currency: string; readOnly: boolean; onPick(item: LocalItem): void; onCode(code: string): void; searchRef: React.RefObject<HTMLInputElement | null> }) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [camera, setCamera] = useState(false);
  const [listing, setListing] = useState<Listing>(NO_LISTING);
  const loadingMore = useRef(false);
  const list = useRef<VirtualListHandle | null>(null);
  const categories = useLiveQuery(() => db.categories.filter((c) => !c.archived && c.parentId !== null).sortBy('name'), [db], []);
  const key = query.trim() ? `q:${query}` : category ? `c:${category}` : '';
  const keyRef = useRef(key);
  keyRef.current = key;

  // A layout effect starts the read before the browser paints the typed letter: one frame sooner than useEffect.
  useLayoutEffect(() => {
    loadingMore.current = false;
    void fetchPage(db, key, null).then((page) => {
      if (keyRef.current === key) setListing({ key, ...page });
    });
  }, [db, key]);

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
        return { key: forKey, items: [...current.items, ...page.items.filter((i) => !known.has(i.variantId))], next: page.next };
      });
    });
  }, [db, listing]);

  const closeCamera = useCallback(() => setCamera(false), []);
  // While the next results load, the previous ones stay (no flash of an empty list between keys).
  const shown = listing.items;

  return (
    <section className="catalogue" aria-label={t('sell.search')}>
      <form role="search" style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }} onSubmit={(e) => { e.preventDefault(); if (query.trim()) { onCode(query.trim()); setQuery(''); } }}>
        <label className="field" style={{ flex: 1 }}>
          <span className="sr-only">{t('sell.search')}</span>
          <input
            ref={searchRef}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' && shown.length) {
                e.preventDefault();
                list.current?.focusIndex(0);
              }
            }}
            placeholder={`${t('sell.search')} — ${t('sell.searchHint')} (F2)`}
            autoComplete="off"
            name="search"
            disabled={readOnly}
          />
        </label>
        {cameraAvailable() && (
          <button type="button" className="btn" data-testid="camera-button" aria-label={t('camera.open')} title={t('camera.open')} aria-pressed={camera} onClick={() => setCamera(!camera)} disabled={readOnly}>
            <svg aria-hidden="true" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
              <path d="M4 7h3l2-3h6l2 3h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z" />
              <circle cx="12" cy="13" r="4" />
            </svg>
          </button>
        )}
      </form>
      {camera && !readOnly && (
        <Suspense fallback={<p className="muted">{t('camera.starting')}</p>}>
          <CameraScanner onCode={onCode} onClose={closeCamera} />
        </Suspense>
      )}
      {!query && (
        <nav className="chips" aria-label={t('sell.categories')}>
          {categories.map((c) => (
            <button type="button" key={c.id} className={`chip${c.id === category ? ' active' : ''}`} onClick={() => setCategory(c.id === category ? null : c.id)} aria-pressed={c.id === category}>{c.name}</button>
          ))}
        </nav>
      )}
      {query && listing.key === key && shown.length === 0 && <p className="muted">{t('sell.noResults', { query })}</p>}
      <VirtualList
        ref={list}
        items={shown}
        rowHeight={ROW_HEIGHT}
        minColumnWidth={208}
        getKey={(item) => item.variantId}
        onNearEnd={loadMore}
        label={t('results.label')}
        testId="results"
        dataQuery={listing.key === key ? key : undefined}
        renderItem={(item) => (
          <button type="button" className="result" onClick={() => onPick(item)} disabled={readOnly}>
            <span className="result-name" style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{item.name}</span>
            <span className="result-meta">{item.sku}</span>
            <span className="result-price">{formatMoney(item.price, currency, locale)}{item.unit === 'weight' ? ' / kg' : ''}</span>
          </button>
        )}
      />
    </section>
  );
}
