import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyExponent, formatMinor } from '@kassa/domain';
import { parseAmount } from '../../cash/money-input.ts';
import { cashStillDue } from '../../sale/payment-state.ts';
import { checkCashEntry, type PaidSoFar } from '../../sale/tender-entry.ts';

export interface CashEntryFormProps {
  paid: PaidSoFar;
  currency: string;
  locale: string;
  disabled: boolean;
  money(amount: number): string;
  onTender(tender: { type: 'cash'; tendered: number }): void;
}

/**
 * The cash the customer hands over, typed: more than is due shows the change (large) before it is
 * confirmed; less is a part payment in cash and the rest stays due for card or another tender.
 */
export function CashEntryForm({ paid, currency, locale, disabled, money, onTender }: CashEntryFormProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  // "Type an amount" is said only after Enter on an empty field; other problems show while typing.
  const [tried, setTried] = useState(false);
  const amount = parseAmount(text, currency);
  const entry = checkCashEntry(amount, paid);
  const unreadable = text.trim() !== '' && amount === null;
  const problem = unreadable ? 'format' : !entry.ok && (tried || entry.problem !== 'empty') ? entry.problem : null;
  const due = cashStillDue(paid.total, paid.tenders, paid.rule);
  const placeholder = formatMinor(due, currencyExponent(currency), locale.startsWith('nl') ? ',' : '.');
  const shown = entry.ok && !unreadable ? entry : null;
  return (
    <form
      className="cash-entry"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (!shown || disabled) return;
        onTender(shown.tender);
        setText('');
        setTried(false);
      }}
    >
      <div className="row">
        <label className="field grow">
          {t('pay.cashReceived')}
          <input
            name="cash-tendered"
            inputMode="decimal"
            autoComplete="off"
            placeholder={placeholder}
            value={text}
            onChange={(e) => setText(e.target.value.replace(/[^\d.,]/g, ''))}
            disabled={disabled}
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'cash-problem' : undefined}
          />
        </label>
        <button type="submit" className="btn cash" data-testid="cash-confirm" disabled={disabled}>
          {t('pay.cashConfirm', { amount: shown ? money(shown.tender.tendered) : '' })}
        </button>
      </div>
      {shown && shown.rest === 0 && (
        <div className="change" data-testid="cash-change" aria-live="polite">
          <span>{shown.change > 0 ? t('receipt.change') : t('receipt.noChange')}</span>
          {shown.change > 0 && <output className="change-amount">{money(shown.change)}</output>}
        </div>
      )}
      {shown && shown.rest > 0 && <p className="banner warn" data-testid="cash-partial" aria-live="polite">{t('pay.cashPartial', { rest: money(shown.rest) })}</p>}
      {problem && (
        <p id="cash-problem" className="banner bad" role="alert" data-testid="cash-problem">
          {t(`pay.cashProblem_${problem}`, { limit: !entry.ok ? money(entry.limit) : '' })}
        </p>
      )}
    </form>
  );
}
