import { lazy, memo, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegisterDatabase } from '../../db/database.ts';
import type { ListedItem } from '../../db/catalogue-index.ts';
import { warmCatalogueIndex } from '../../db/catalogue-memory.ts';
import { formatMoney, intlLocale } from '../../lib/format.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';
import { cameraAvailable } from '../../scan/camera-stream.ts';
import { useResultListing } from './use-result-listing.ts';
import { favouriteItems } from '../../sync/favourites.ts';
import { VirtualList, type VirtualListHandle } from './VirtualList.tsx';

// The camera scanner (and zxing-wasm with it) loads only when the cashier opens it.
const CameraScanner = lazy(() => import('../../scan/CameraScanner.tsx'));

/** The favourites chip's place in the category state (no category id looks like it). */
const FAVOURITES = 'favourites';
const noMore = () => {};

/** Fixed row height of the result grid: windowing needs it, and it is a comfortable touch target. */
const ROW_HEIGHT = 84;

/**
 * Search as you type over the local catalogue, category tiles to tap through, and the camera as a
 * scanner. Memoised: a scan changes the cart, not what this panel shows.
 */
export const CatalogPanel = memo(function CatalogPanel({ db, currency, readOnly, onPick, onCode, searchRef }: { db: RegisterDatabase; currency: string; readOnly: boolean; onPick(item: ListedItem): void; onCode(code: string): void; searchRef: React.RefObject<HTMLInputElement | null> }) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const [query, setQuery] = useState('');
  // The favourites tiles (the store's list, sync/favourites.ts) show until a category or a search is chosen.
  const [category, setCategory] = useState<string | null>(FAVOURITES);
  const [camera, setCamera] = useState(false);
  const list = useRef<VirtualListHandle | null>(null);
  const categories = useLiveQuery(() => db.categories.filter((c) => !c.archived && c.parentId !== null).sortBy('name'), [db], []);
  const favourites = useLiveQuery(() => favouriteItems(db), [db], []);
  const showFavourites = !query.trim() && category === FAVOURITES;
  const key = query.trim() ? `q:${query}` : category && !showFavourites ? `c:${category}` : '';
  const listing = useResultListing(db, key);
  const shown = showFavourites ? favourites : listing.items;
  const { shownKey, empty, loadMore } = showFavourites ? { shownKey: 'f:', empty: favourites.length === 0, loadMore: noMore } : listing;

  // The in-memory search index is built once the screen is up and the browser idle: never on the way to the first sale.
  // A build that fails (storage gone) leaves search on IndexedDB, as before it was built.
  useEffect(() => whenIdle(() => void warmCatalogueIndex(db).catch(() => undefined)), [db]);

  const closeCamera = useCallback(() => setCamera(false), []);

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
          {favourites.length > 0 && (
            <button type="button" className={`chip${showFavourites ? ' active' : ''}`} onClick={() => setCategory(showFavourites ? null : FAVOURITES)} aria-pressed={showFavourites} data-testid="favourites-chip">{t('sell.favourites')}</button>
          )}
          {categories.map((c) => (
            <button type="button" key={c.id} className={`chip${c.id === category ? ' active' : ''}`} onClick={() => setCategory(c.id === category ? null : c.id)} aria-pressed={c.id === category}>{c.name}</button>
          ))}
        </nav>
      )}
      {query && empty && <p className="muted">{t('sell.noResults', { query })}</p>}
      <VirtualList
        ref={list}
        items={shown}
        rowHeight={ROW_HEIGHT}
        minColumnWidth={208}
        getKey={(item) => item.variantId}
        onNearEnd={loadMore}
        label={t('results.label')}
        testId="results"
        dataQuery={shownKey}
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
});

/** Runs `task` when the browser is idle (at the latest after 2 s); returns a cancel. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(task, 200);
    return () => clearTimeout(timer);
  }
  const handle = requestIdleCallback(task, { timeout: 2000 });
  return () => cancelIdleCallback(handle);
}
