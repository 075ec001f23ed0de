import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartLine, LocalStaff } from '../../db/database.ts';
import { LINE_NOTE_MAX } from '../../sale/cart.ts';

/**
 * A line's note (printed under it on the receipt) and who sold it: the cashier who completes the
 * sale unless another staff member of this store is chosen (their sale, for commission or help).
 */
export default function LineDialog({ line, staff, cashierName, onApply, onClose }: { line: CartLine; staff: readonly LocalStaff[]; cashierName: string | null; onApply(details: { note: string; soldByStaffId: string | null }): void; onClose(): void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState(line.note ?? '');
  const [soldBy, setSoldBy] = useState(line.soldByStaffId ?? '');
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="line-title" data-testid="line-dialog">
      <section className="card">
        <h2 id="line-title">{t('lineEdit.title', { name: line.description })}</h2>
        <form onSubmit={(e) => { e.preventDefault(); onApply({ note, soldByStaffId: soldBy || null }); }}>
          <label className="field">
            {t('lineEdit.note')}
            <textarea name="line-note" rows={3} maxLength={LINE_NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('lineEdit.notePlaceholder')} autoFocus />
          </label>
          <label className="field">
            {t('lineEdit.soldBy')}
            <select name="sold-by" value={soldBy} onChange={(e) => setSoldBy(e.target.value)}>
              <option value="">{cashierName ? t('lineEdit.soldByCashier', { name: cashierName }) : t('lineEdit.soldByNobody')}</option>
              {staff.map((s) => (
                <option key={s.id} value={s.id}>{s.name}</option>
              ))}
            </select>
          </label>
          <div className="row">
            <button type="submit" className="btn primary">{t('lineEdit.apply')}</button>
            <button type="button" className="btn secondary" onClick={onClose}>{t('discount.cancel')}</button>
          </div>
        </form>
      </section>
    </div>
  );
}
