import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleTotals } from '@kassa/domain';
import type { Cart } from '../../db/database.ts';
import { formatMoney, intlLocale } from '../../lib/format.ts';
import type { PaidTender } from '../../sale/sale-document.ts';
import { quickCashTenders, totalsOf, type StorePricing } from '../../sale/totals.ts';

export interface PayPanelProps {
  cart: Cart;
  totals: SaleTotals;
  pricing: StorePricing;
  busy: boolean;
  error: string | null;
  onComplete(tenders: PaidTender[], settled: SaleTotals): void;
  onCancel(): void;
}

/** Tenders until the domain says the sale is settled; then the sale completes on its own. */
export function PayPanel({ cart, totals, pricing, busy, error, onComplete, onCancel }: PayPanelProps) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const money = (amount: number) => formatMoney(amount, pricing.currency, locale);
  const [tenders, setTenders] = useState<PaidTender[]>([]);
  const settlement = tenders.length ? totalsOf(cart, pricing, tenders) : null;
  const missing = settlement && !settlement.ok && settlement.error.code === 'SALE_TENDER_INSUFFICIENT' ? (settlement.error.details as { missing?: number }).missing ?? 0 : null;
  const cashDue = tenders.length === 0 ? totals.cashIfPaidInCash.roundedTotal : (missing ?? 0);
  const cardDue = tenders.length === 0 ? totals.total : (missing ?? 0);

  useEffect(() => {
    if (settlement?.ok && !busy && !error) onComplete(tenders, settlement.value);
    // Completing is triggered by the tenders settling the sale, once.
  }, [tenders]);

  const add = (tender: PaidTender) => setTenders((list) => [...list, tender]);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="pay-title">
      <section className="card pay-card">
        <h2 id="pay-title">{t('pay.title')}</h2>
        <dl className="pay-figures">
          <dt>{t('pay.due')}</dt>
          <dd className="big" data-testid="amount-due">{money(totals.total)}</dd>
          {totals.cashIfPaidInCash.rounding !== 0 && (
            <>
              <dt>{t('pay.cashDue')}</dt>
              <dd data-testid="cash-due">{money(totals.cashIfPaidInCash.roundedTotal)} <span className="muted">({t('pay.rounding')} {money(totals.cashIfPaidInCash.rounding)})</span></dd>
            </>
          )}
          {tenders.map((tender, i) => (
            <div key={i} className="tender-row">
              <dt>{t('pay.paid')} {t(`receipt.tender_${tender.type}`)}</dt>
              <dd>
                {money(tender.type === 'cash' ? tender.tendered : tender.amount)}
                <button type="button" className="btn small" onClick={() => setTenders((list) => list.filter((_, j) => j !== i))} aria-label={t('pay.undoTender')} disabled={busy}>✕</button>
              </dd>
            </div>
          ))}
          {missing !== null && tenders.length > 0 && (
            <>
              <dt>{t('pay.remaining')}</dt>
              <dd className="big">{money(missing)}</dd>
            </>
          )}
        </dl>
        <h3>{t('pay.cash')}</h3>
        <div className="grid-buttons" data-testid="quick-cash">
          {quickCashTenders(cashDue, pricing.currency).map((amount, i) => (
            <button type="button" key={amount} className="btn cash" onClick={() => add({ type: 'cash', tendered: amount })} disabled={busy}>
              {i === 0 ? `${t('pay.exact')} ${money(amount)}` : money(amount)}
            </button>
          ))}
        </div>
        <h3>{t('pay.card')}</h3>
        <p className="muted">{t('pay.cardHint')}</p>
        <button type="button" className="btn" onClick={() => add({ type: 'card', amount: cardDue })} disabled={busy || cardDue <= 0}>
          {t('pay.card')} {money(cardDue)}
        </button>
        {settlement?.ok && error && (
          <button type="button" className="btn primary" onClick={() => onComplete(tenders, settlement.value)} disabled={busy}>{t('pay.title')}</button>
        )}
        {busy && <p role="status">{t('pay.completing')}</p>}
        {error && <p className="banner bad" role="alert">{error}</p>}
        <button type="button" className="btn secondary" onClick={onCancel} disabled={busy}>{t('pay.cancel')}</button>
      </section>
    </div>
  );
}
