import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyExponent, formatMinor } from '@kassa/domain';
import { parseAmount } from '../../cash/money-input.ts';
import { cardDue } from '../../sale/payment-state.ts';
import type { PaidTender } from '../../sale/sale-document.ts';
import { checkNonCashEntry } from '../../sale/tender-entry.ts';

export interface OtherTenderFormProps {
  /** The store's own payment means ("Op rekening", "Cadeaubon"). */
  names: readonly string[];
  total: number;
  tenders: readonly PaidTender[];
  currency: string;
  locale: string;
  disabled: boolean;
  money(amount: number): string;
  onTender(name: string, amount: number): void;
}

/**
 * The store's own tenders: the amount starts as the exact rest and may be typed lower (a €10 voucher
 * against €25); never higher, as only cash gives change. Enter takes the first tender.
 */
export function OtherTenderForm({ names, total, tenders, currency, locale, disabled, money, onTender }: OtherTenderFormProps) {
  const { t } = useTranslation();
  const rest = cardDue(total, tenders);
  const exponent = currencyExponent(currency);
  const separator = locale.startsWith('nl') ? ',' : '.';
  const [text, setText] = useState(() => formatMinor(rest, exponent, separator));
  // A new rest (another tender taken or removed) is the new suggestion, as on the card amount.
  useEffect(() => setText(formatMinor(rest, exponent, separator)), [rest, exponent, separator]);
  const [tried, setTried] = useState(false);
  const amount = parseAmount(text, currency);
  const entry = checkNonCashEntry(amount, { total, tenders });
  const unreadable = text.trim() !== '' && amount === null;
  const off = disabled || rest <= 0;
  const problem = off ? null : unreadable ? 'format' : !entry.ok && (tried || entry.problem !== 'empty') ? entry.problem : null;
  const shown = entry.ok && !unreadable ? entry : null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        // Enter in the field submits with the first tender's button, as a form's default button does.
        const name = (e.nativeEvent as SubmitEvent).submitter?.getAttribute('data-name') ?? names[0];
        if (!shown || off || !name) return;
        onTender(name, shown.amount);
        setTried(false);
      }}
    >
      <label className="field">
        {t('pay.otherAmount')}
        <input
          name="other-amount"
          inputMode="decimal"
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value.replace(/[^\d.,]/g, ''))}
          disabled={off}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'other-problem' : undefined}
        />
      </label>
      <div className="grid-buttons" data-testid="custom-tenders">
        {names.map((name) => (
          <button type="submit" key={name} data-name={name} className="btn" disabled={off}>
            {name} {shown ? money(shown.amount) : ''}
          </button>
        ))}
      </div>
      {!off && shown && shown.rest > 0 && <p className="muted" data-testid="other-partial">{t('pay.otherPartial', { rest: money(shown.rest) })}</p>}
      {problem && (
        <p id="other-problem" className="banner bad" role="alert" data-testid="other-problem">
          {t(`pay.otherProblem_${problem}`, { limit: !entry.ok ? money(entry.limit) : '' })}
        </p>
      )}
    </form>
  );
}
