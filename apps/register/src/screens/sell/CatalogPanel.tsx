import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalItem, RegisterDatabase } from '../../db/database.ts';
import { searchItems } from '../../db/catalogue.ts';
import { formatMoney, intlLocale } from '../../lib/format.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';

/** Search as you type over the local catalogue, and category tiles to tap through. */
export function CatalogPanel({ db, currency, readOnly, onPick, onCode, searchRef }: { db: RegisterDatabase; currency: string; readOnly: boolean; onPick(item: LocalItem): void; onCode(code: string): void; searchRef: React.RefObject<HTMLInputElement | null> }) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [results, setResults] = useState<LocalItem[]>([]);
  const seq = useRef(0);
  const categories = useLiveQuery(() => db.categories.filter((c) => !c.archived && c.parentId !== null).sortBy('name'), [db], []);

  useEffect(() => {
    const mine = ++seq.current;
    const run = query.trim() ? searchItems(db, query) : category ? db.items.where('categoryId').equals(category).filter((i) => !i.archived).limit(60).sortBy('name') : Promise.resolve([]);
    void run.then((found) => {
      if (mine === seq.current) setResults(found);
    });
  }, [db, query, category]);

  return (
    <section className="catalogue" aria-label={t('sell.search')}>
      <form role="search" onSubmit={(e) => { e.preventDefault(); if (query.trim()) { onCode(query.trim()); setQuery(''); } }}>
        <label className="field">
          <span className="sr-only">{t('sell.search')}</span>
          <input ref={searchRef} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={`${t('sell.search')} — ${t('sell.searchHint')} (F2)`} autoComplete="off" name="search" disabled={readOnly} />
        </label>
      </form>
      {!query && (
        <nav className="chips" aria-label={t('sell.categories')}>
          {categories.map((c) => (
            <button type="button" key={c.id} className={`chip${c.id === category ? ' active' : ''}`} onClick={() => setCategory(c.id === category ? null : c.id)} aria-pressed={c.id === category}>{c.name}</button>
          ))}
        </nav>
      )}
      {query && results.length === 0 && <p className="muted">{t('sell.noResults', { query })}</p>}
      <ul className="results" data-testid="results">
        {results.map((item) => (
          <li key={item.variantId}>
            <button type="button" className="result" onClick={() => onPick(item)} disabled={readOnly}>
              <span className="result-name">{item.name}</span>
              <span className="result-meta">{item.sku}</span>
              <span className="result-price">{formatMoney(item.price, currency, locale)}{item.unit === 'weight' ? ' / kg' : ''}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
