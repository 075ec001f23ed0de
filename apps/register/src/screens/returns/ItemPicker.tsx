import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalItem, RegisterDatabase } from '../../db/database.ts';
import { searchItems } from '../../db/catalogue.ts';

/** Search the local catalogue and pick an item (returns without receipt, items taken in an exchange). */
export function ItemPicker({ db, label, money, onPick }: { db: RegisterDatabase; label: string; money(amount: number): string; onPick(item: LocalItem): void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<LocalItem[]>([]);
  useEffect(() => {
    if (!search.trim()) return setFound([]);
    let live = true;
    void searchItems(db, search, 12).then((items) => live && setFound(items));
    return () => {
      live = false;
    };
  }, [db, search]);
  return (
    <>
      <label className="field">{label}<input value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" /></label>
      <ul className="plain picker-results">
        {found.map((item) => (
          <li key={item.variantId}><button type="button" className="btn" onClick={() => onPick(item)} aria-label={t('returns.add', { name: item.name })}>{item.name} · {money(item.price)}</button></li>
        ))}
      </ul>
    </>
  );
}
