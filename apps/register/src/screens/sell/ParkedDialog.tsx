import { useTranslation } from 'react-i18next';
import { focusOnOpen } from '../menu/focus.ts';
import type { ParkedSale, RegisterDatabase } from '../../db/database.ts';
import { formatTime, intlLocale } from '../../lib/format.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';

/**
 * Several sales can wait parked, oldest first. Resuming one while the cart has lines parks that
 * cart first, in the same transaction (SellScreen, sale/parking.ts); the dialog says so. Focus
 * starts on the oldest sale's Resume: Shift+F6 then Enter resumes it, Tab goes to the next.
 */
export default function ParkedDialog({ db, cartHasLines, onResume, onClose }: { db: RegisterDatabase; cartHasLines: boolean; onResume(p: ParkedSale): void; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const parked = useLiveQuery(() => db.parked.orderBy('parkedAt').toArray(), [db], []);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="parked-title" data-testid="parked-dialog">
      <section className="card" tabIndex={-1} ref={focusOnOpen}>
        <h2 id="parked-title">{t('parkedList.title')}</h2>
        {parked.length === 0 && <p>{t('parkedList.none')}</p>}
        {parked.length > 0 && cartHasLines && <p className="muted" data-testid="parks-current">{t('parkedList.parksCurrent')}</p>}
        <ul className="plain">
          {parked.map((p, index) => (
            <li key={p.id} className="row" data-testid="parked-sale">
              <span className="grow">
                {formatTime(p.parkedAt, intlLocale(i18n.language))} · {t('parkedList.items', { count: p.cart.lines.length })} · {p.cart.lines[0]?.description}
                {p.staffName ? ` · ${p.staffName}` : ''}
              </span>
              <button type="button" className="btn primary" onClick={() => onResume(p)} ref={index === 0 ? focusFirst : undefined}>{t('parkedList.resume')}</button>
            </li>
          ))}
        </ul>
        <button type="button" className="btn secondary" onClick={onClose}>{t('parkedList.close')}</button>
      </section>
    </div>
  );
}

/** The list arrives after the dialog opened (a live query): its first Resume takes focus, unless the cashier already moved it inside the dialog. */
function focusFirst(button: HTMLButtonElement | null): void {
  if (!button) return;
  const dialog = button.closest('section');
  const active = document.activeElement;
  if (active === dialog || !dialog?.contains(active)) button.focus({ preventScroll: true });
}
