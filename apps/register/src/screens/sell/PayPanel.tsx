import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleTotals } from '@kassa/domain';
import type { Cart, CartPayment } from '../../db/database.ts';
import { useRegister } from '../../app/register-context.tsx';
import { formatMoney, intlLocale } from '../../lib/format.ts';
import type { Terminal } from '../../payments/card-attempts.ts';
import { addTender, canUndoTender, cardDue, cashStillDue, paymentOf, removeTender } from '../../sale/payment-state.ts';
import type { PaidTender } from '../../sale/sale-document.ts';
import { cashRuleOf, quickCashTenders, totalsOf, type StorePricing } from '../../sale/totals.ts';
import { focusOnOpen } from '../menu/focus.ts';
import { CardSection } from './CardSection.tsx';
import { CashEntryForm } from './CashEntryForm.tsx';
import { OtherTenderForm } from './OtherTenderForm.tsx';
import { useCardPayment } from './use-card-payment.ts';
import { useAbandonSale } from './use-abandon-sale.ts';
import { useApproval } from '../shift/approval.tsx';
import { useLiveQuery } from '../../lib/use-live-query.ts';
import { localCustomTenders } from '../../sync/custom-tenders.ts';

export interface PayPanelProps {
  cart: Cart;
  totals: SaleTotals;
  pricing: StorePricing;
  busy: boolean;
  error: string | null;
  terminal: Terminal | null;
  onPayment(update: (p: CartPayment) => CartPayment): void;
  onComplete(tenders: PaidTender[], settled: SaleTotals): void;
  onCancel(): void;
  /** The card payments were refunded: drop the sale. */
  onAbandoned(): void;
}

/**
 * Tenders until the domain says the sale is settled; then the sale completes on its own. The
 * tenders live in the cart (saved on every change): an approved card payment survives a reload.
 */
export function PayPanel({ cart, totals, pricing, busy, error, terminal, onPayment, onComplete, onCancel, onAbandoned }: PayPanelProps) {
  const { t, i18n } = useTranslation();
  const { db, api, device, session, status } = useRegister();
  const locale = intlLocale(i18n.language);
  const money = (amount: number) => formatMoney(amount, pricing.currency, locale);
  const payment = paymentOf(cart);
  const tenders = payment.tenders as PaidTender[];
  const card = useCardPayment({
    api,
    getToken: async () => session?.token ?? null,
    registerId: device?.registerId ?? '',
    currency: pricing.currency,
    payment,
    update: onPayment,
  });
  const approval = useApproval();
  const customTenders = useLiveQuery(() => localCustomTenders(db), [db], []);
  const abandon = useAbandonSale({
    db,
    api,
    getToken: async () => session?.token ?? null,
    registerId: device?.registerId ?? '',
    payment,
    update: onPayment,
    withApproval: approval.run,
    onAbandoned,
  });
  const settlement = tenders.length ? totalsOf(cart, pricing, tenders) : null;
  const missing = settlement && !settlement.ok && settlement.error.code === 'SALE_TENDER_INSUFFICIENT' ? (settlement.error.details as { missing?: number }).missing ?? 0 : null;
  const cashRule = cashRuleOf(pricing.cashRounding);
  const cashDue = settlement?.ok ? 0 : cashStillDue(totals.total, tenders, cashRule);
  const cardLeft = settlement?.ok ? 0 : cardDue(totals.total, tenders);
  const locked = busy || card.busy || abandon.busy;
  const cardTaken = tenders.some((tender) => !canUndoTender(tender));

  useEffect(() => {
    if (settlement?.ok && !busy && !error) onComplete(tenders, settlement.value);
    // Completing is triggered by the tenders settling the sale, once.
  }, [tenders.length]);

  const add = (tender: PaidTender) => onPayment((p) => addTender(p, tender));
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="pay-title">
      {/* Takes focus when it opens (F8/F12 from anywhere): Tab then reaches its fields, not the status bar behind it. */}
      <section className="card pay-card" tabIndex={-1} ref={focusOnOpen}>
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
            <div key={i} className="tender-row" data-testid="tender">
              <dt>{t('pay.paid')} {t(`receipt.tender_${tender.type}`)}</dt>
              <dd>
                {money(tender.type === 'cash' ? tender.tendered : tender.amount)}
                {canUndoTender(tender) && (
                  <button type="button" className="btn small" onClick={() => onPayment((p) => removeTender(p, i))} aria-label={t('pay.undoTender')} disabled={locked}>✕</button>
                )}
              </dd>
            </div>
          ))}
          {missing !== null && tenders.length > 0 && (
            <>
              <dt>{t('pay.remaining')}</dt>
              <dd className="big" data-testid="remaining">{money(cardLeft)}</dd>
              {cashDue !== cardLeft && (
                <>
                  <dt>{t('pay.cashDue')}</dt>
                  <dd data-testid="remaining-cash">{money(cashDue)}</dd>
                </>
              )}
            </>
          )}
        </dl>
        <h3>{t('pay.card')}</h3>
        <CardSection
          view={card.view}
          terminal={terminal}
          online={status.online && navigator.onLine}
          due={cardLeft}
          currency={pricing.currency}
          locale={locale}
          disabled={busy || !!settlement?.ok}
          money={money}
          onStart={card.start}
          onAbort={() => void card.abort()}
          onAskTerminal={() => void card.askTerminal()}
          onRetry={card.retry}
          onStandAlone={(amount) => add({ type: 'card', amount })}
        />
        <h3>{t('pay.cash')}</h3>
        <div className="grid-buttons" data-testid="quick-cash">
          {quickCashTenders(cashDue, pricing.currency).map((amount, i) => (
            <button type="button" key={amount} className="btn cash" onClick={() => add({ type: 'cash', tendered: amount })} disabled={locked}>
              {i === 0 ? `${t('pay.exact')} ${money(amount)}` : money(amount)}
            </button>
          ))}
        </div>
        {/* What the customer hands over when no button matches: change, or a part in cash and the rest by card. */}
        <CashEntryForm paid={{ total: totals.total, tenders, rule: cashRule }} currency={pricing.currency} locale={locale} disabled={locked || cashDue <= 0 || !!settlement?.ok} money={money} onTender={add} />
        {customTenders.length > 0 && (
          <>
            <h3>{t('pay.other')}</h3>
            {/* The store's own means ("Op rekening", a voucher): the exact rest or part of it, never more. */}
            <OtherTenderForm names={customTenders} total={totals.total} tenders={tenders} currency={pricing.currency} locale={locale} disabled={locked || !!settlement?.ok} money={money} onTender={(name, amount) => add({ type: 'custom', amount, name })} />
          </>
        )}
        {settlement?.ok && error && (
          <button type="button" className="btn primary" onClick={() => onComplete(tenders, settlement.value)} disabled={busy}>{t('pay.title')}</button>
        )}
        {busy && <p role="status">{t('pay.completing')}</p>}
        {error && <p className="banner bad" role="alert">{error}</p>}
        {cardTaken && <p className="muted">{t('card.keepPaying')}</p>}
        {abandon.view.phase === 'refunding' && (
          <p role="status" data-testid="abandon-status">{t('pay.abandonRefunding', { amount: money(abandon.view.amount) })}</p>
        )}
        {abandon.view.phase === 'failed' && (
          <p className="banner bad" role="alert" data-testid="abandon-status">
            {t(`pay.abandonFailed_${abandon.view.reason}`, { amount: money(abandon.view.amount), message: abandon.view.message })}
          </p>
        )}
        {cardTaken && (
          // The customer walks away from a half-paid sale: the card money goes back first, then the sale goes.
          <button type="button" className="btn secondary" onClick={() => void abandon.abandon()} disabled={locked || !status.online} data-testid="abandon-sale">
            {t('pay.abandon')}
          </button>
        )}
        {approval.prompt}
        <button type="button" className="btn secondary" onClick={onCancel} disabled={locked || cardTaken} data-testid="pay-back">{t('pay.cancel')}</button>
      </section>
    </div>
  );
}
