import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LineQuantity } from '../../sale/cart.ts';
import { parsePieces, parseWeight } from '../../sale/quantity-entry.ts';

export interface QuantityDialogProps {
  /** weight: kg with up to 3 decimals (a weighed item); pieces: a whole number (a piece line). */
  mode: 'weight' | 'pieces';
  name: string;
  unitPrice: number;
  /** The text the field starts with: empty for a weighed item being added, the line's quantity when editing. */
  initial: string;
  /** A weighed item not yet in the cart ("Add") or a line already there ("Apply"). */
  adding: boolean;
  locale: string;
  money(amount: number): string;
  onApply(value: LineQuantity): void;
  onClose(): void;
}

/** Types a weight or a number of pieces; Enter confirms, Esc closes (the sell screen's shortcut). */
export default function QuantityDialog({ mode, name, unitPrice, initial, adding, locale, money, onApply, onClose }: QuantityDialogProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  // An empty field says what to type only once the cashier tried to confirm it; other problems show while typing.
  const [tried, setTried] = useState(false);
  const parsed = mode === 'weight' ? parseWeight(text) : parsePieces(text);
  const problem = !parsed.ok && (tried || parsed.problem !== 'empty') ? parsed : null;
  const limit = problem?.limit === undefined ? '' : new Intl.NumberFormat(locale).format(mode === 'weight' ? problem.limit / 1000 : problem.limit);
  const prefix = mode === 'weight' ? 'weightProblem' : 'piecesProblem';
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="quantity-title" data-testid="quantity-dialog">
      <section className="card">
        <h2 id="quantity-title">{t(mode === 'weight' ? 'quantityEntry.weightTitle' : 'quantityEntry.piecesTitle', { name })}</h2>
        {mode === 'weight' && <p className="muted">{t('quantityEntry.pricePerKg', { price: money(unitPrice) })}</p>}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (parsed.ok) onApply(mode === 'weight' ? { quantityMilli: parsed.value } : { quantity: parsed.value });
          }}
        >
          <label className="field">
            {t(mode === 'weight' ? 'quantityEntry.weight' : 'quantityEntry.pieces')}
            <input
              name={mode === 'weight' ? 'weight' : 'quantity'}
              inputMode={mode === 'weight' ? 'decimal' : 'numeric'}
              autoComplete="off"
              value={text}
              onChange={(e) => setText(e.target.value.replace(/[^\d.,]/g, ''))}
              onFocus={(e) => e.currentTarget.select()}
              aria-invalid={problem !== null}
              aria-describedby={problem ? 'quantity-problem' : undefined}
              style={{ fontSize: '1.6rem' }}
              autoFocus
            />
          </label>
          {problem && <p id="quantity-problem" className="banner bad" role="alert" data-testid="quantity-problem">{t(`quantityEntry.${prefix}_${problem.problem}`, { limit })}</p>}
          <div className="row">
            <button type="submit" className="btn primary" data-testid="quantity-apply">{t(adding ? 'quantityEntry.add' : 'quantityEntry.apply')}</button>
            <button type="button" className="btn secondary" onClick={onClose}>{t('quantityEntry.cancel')}</button>
          </div>
        </form>
      </section>
    </div>
  );
}
