import { useTranslation } from 'react-i18next';
import { focusOnOpen } from '../menu/focus.ts';
import type { ParkedSale, RegisterDatabase } from '../../db/database.ts';
import { formatTime, intlLocale } from '../../lib/format.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';

/** Several sales can wait parked; resuming one parks the current cart first (SellScreen does that). */
export default function ParkedDialog({ db, onResume, onClose }: { db: RegisterDatabase; onResume(p: ParkedSale): void; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const parked = useLiveQuery(() => db.parked.orderBy('parkedAt').toArray(), [db], []);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="parked-title">
      <section className="card" tabIndex={-1} ref={focusOnOpen}>
        <h2 id="parked-title">{t('parkedList.title')}</h2>
        {parked.length === 0 && <p>{t('parkedList.none')}</p>}
        <ul className="plain">
          {parked.map((p) => (
            <li key={p.id} className="row">
              <span className="grow">
                {formatTime(p.parkedAt, intlLocale(i18n.language))} · {t('parkedList.items', { count: p.cart.lines.length })} · {p.cart.lines[0]?.description}
                {p.staffName ? ` · ${p.staffName}` : ''}
              </span>
              <button type="button" className="btn primary" onClick={() => onResume(p)}>{t('parkedList.resume')}</button>
            </li>
          ))}
        </ul>
        <button type="button" className="btn secondary" onClick={onClose}>{t('parkedList.close')}</button>
      </section>
    </div>
  );
}
