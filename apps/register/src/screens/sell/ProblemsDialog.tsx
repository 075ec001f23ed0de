import { useTranslation } from 'react-i18next';
import { focusOnOpen } from '../menu/focus.ts';
import type { RegisterDatabase } from '../../db/database.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';

/** Outbox items the server refused: they stay on the device, visible, until a manager deals with them. */
export default function ProblemsDialog({ db, onClose }: { db: RegisterDatabase; onClose(): void }) {
  const { t } = useTranslation();
  const items = useLiveQuery(() => db.outbox.where('status').equals('rejected').toArray(), [db], []);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="problems-title">
      <section className="card" tabIndex={-1} ref={focusOnOpen}>
        <h2 id="problems-title">{t('problems.title')}</h2>
        <p>{t('problems.body')}</p>
        <ul className="plain">
          {items.map((item) => (
            <li key={item.id}>
              <strong>{item.kind === 'sale' ? `#${item.payload.receiptNumber}` : item.kind}</strong> — {item.error?.message} <code>{item.error?.code}</code>
            </li>
          ))}
        </ul>
        <button type="button" className="btn secondary" onClick={onClose}>{t('problems.close')}</button>
      </section>
    </div>
  );
}
