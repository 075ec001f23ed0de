import { useTranslation } from 'react-i18next';
import type { SaleTotals } from '@kassa/domain';
import type { LocalSale, RegisterDatabase } from '../../db/database.ts';
import { ReceiptLines } from '../../components/ReceiptLines.tsx';
import { formatMoney, intlLocale } from '../../lib/format.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';

/** The return receipt, shown once the return is committed on the device: the refund first and large. */
export function ReturnReceipt({ db, local, totals, onNew, onDone }: { db: RegisterDatabase; local: LocalSale; totals: SaleTotals; onNew(): void; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const doc = local.document;
  const money = (amount: number) => formatMoney(amount, doc.currency, locale);
  const synced = useLiveQuery(async () => (await db.returns.get(local.id))?.syncedAt ?? null, [db, local.id], local.syncedAt);
  const refunded = -(totals.payment?.amountDue ?? totals.total);
  // An exchange can leave the customer paying the difference instead of getting money back.
  const pays = refunded < 0;
  return (
    <>
      <div className="change" data-testid="refund">
        <span>{pays ? t('returns.paid') : t('returns.refunded')}</span>
        <output className="change-amount">{money(Math.abs(refunded))}</output>
      </div>
      <article className="receipt" data-testid="return-receipt">
        <h3>{t(doc.kind === 'exchange' ? 'returns.exchangeTitle' : 'returns.receiptTitle', { number: doc.receiptNumber })}</h3>
        <p className="muted">{new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(doc.deviceTime))}{local.staffName ? ` · ${local.staffName}` : ''}</p>
        <table>
          <ReceiptLines lines={doc.lines} lineTotals={totals.lines} locale={locale} money={money} />
          <tfoot>
            <tr className="strong"><td colSpan={2}>{t('receipt.total')}</td><td className="num" data-testid="return-total">{money(totals.total)}</td></tr>
            {totals.payment && totals.payment.cashRounding !== 0 && <tr><td colSpan={2}>{t('receipt.rounding')}</td><td className="num">{money(totals.payment.cashRounding)}</td></tr>}
            {doc.tenders.map((tender, i) => (
              <tr key={i}><td colSpan={2}>{t('receipt.tendered', { type: t(`receipt.tender_${tender.type}`) })}</td><td className="num">{money(tender.type === 'cash' ? tender.tendered : tender.amount)}</td></tr>
            ))}
            {totals.taxBreakdown.map((tax) => (
              <tr key={tax.code} className="muted"><td colSpan={2}>{t('receipt.vat', { rate: `${tax.rateBp / 100}%` })}</td><td className="num">{money(tax.tax)}</td></tr>
            ))}
          </tfoot>
        </table>
        <p className="muted" data-testid="return-sync-state">{synced ? `✓ ${t('returns.synced')}` : `⏳ ${t('returns.waiting')}`}</p>
      </article>
      <div className="row no-print">
        <button type="button" className="btn" onClick={() => window.print()}>{t('returns.print')}</button>
        <button type="button" className="btn" onClick={onNew}>{t('returns.newReturn')}</button>
        <button type="button" className="btn primary" onClick={onDone} autoFocus data-testid="return-done">{t('returns.done')}</button>
      </div>
    </>
  );
}
