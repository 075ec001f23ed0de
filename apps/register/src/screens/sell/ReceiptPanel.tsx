import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleTotals } from '@kassa/domain';
import type { LocalSale, RegisterDatabase } from '../../db/database.ts';
import { ReceiptLines } from '../../components/ReceiptLines.tsx';
import { formatMoney, intlLocale } from '../../lib/format.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';
import { loadReceiptProfile } from '../../print/receipt-profile.ts';
import { ReceiptPrinting } from './ReceiptPrinting.tsx';
import { ReceiptEmail } from './ReceiptEmail.tsx';

/** Shown only after the sale is committed on the device: the change first and large, then the receipt. */
export function ReceiptPanel({ db, sale, totals, onNewSale }: { db: RegisterDatabase; sale: LocalSale; totals: SaleTotals; onNewSale(): void }) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const money = (amount: number) => formatMoney(amount, sale.document.currency, locale);
  const synced = useLiveQuery(async () => (await db.sales.get(sale.id))?.syncedAt ?? null, [db, sale.id], sale.syncedAt);
  const doc = sale.document;
  const payment = totals.payment;
  const [copyNumber, setCopyNumber] = useState<number | null>(null);
  const staff = useLiveQuery(() => db.staff.toArray(), [db], []);
  const staffNames = new Map(staff.map((s) => [s.id, s.name]));
  // The store's logo, header and footer, kept on the device: offline receipts carry them too.
  const profile = useLiveQuery(() => loadReceiptProfile(db), [db], null);
  const settings = profile?.settings;
  // The cashier as the server names them on its receipt (the staff list), else the name signed in with.
  const cashierName = (doc.staffId ? staffNames.get(doc.staffId) : undefined) ?? sale.staffName;
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="receipt-title">
      <section className="card receipt-card">
        <div className="change" data-testid="change">
          <span>{payment && payment.change > 0 ? t('receipt.change') : t('receipt.noChange')}</span>
          {payment && payment.change > 0 && <output className="change-amount">{money(payment.change)}</output>}
        </div>
        <article className="receipt" data-testid="receipt">
          {settings?.logo && (
            <p className="receipt-logo" style={{ textAlign: 'center', margin: 0 }}>
              <img data-testid="receipt-logo" src={`data:${settings.logo.mediaType};base64,${settings.logo.base64}`} alt={profile?.store.name ?? ''} width={settings.logo.width} height={settings.logo.height} style={{ maxWidth: '100%', height: 'auto' }} />
            </p>
          )}
          {settings && settings.headerLines.length > 0 && (
            <div className="muted" data-testid="receipt-header" style={{ textAlign: 'center' }}>
              {settings.headerLines.map((line, i) => <p key={i} style={{ margin: 0 }}>{line}</p>)}
            </div>
          )}
          {copyNumber !== null && <p className="copy-marker" data-testid="copy-marker">*** {t('printing.copyMarker', { number: copyNumber })} ***</p>}
          <h2 id="receipt-title">{t('receipt.title', { number: doc.receiptNumber })}</h2>
          <p className="muted">{new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(doc.deviceTime))}{sale.staffName ? ` · ${sale.staffName}` : ''}</p>
          <table>
            <ReceiptLines lines={doc.lines} lineTotals={totals.lines} locale={locale} money={money} staffNames={staffNames} cashierId={doc.staffId ?? null} />
            <tfoot>
              {totals.discountTotal !== 0 && <tr><td colSpan={2}>{t('receipt.discount')}</td><td className="num">{money(-totals.discountTotal)}</td></tr>}
              <tr className="strong"><td colSpan={2}>{t('receipt.total')}</td><td className="num">{money(totals.total)}</td></tr>
              {payment && payment.cashRounding !== 0 && (
                <tr data-testid="rounding-line"><td colSpan={2}>{t('receipt.rounding')}</td><td className="num">{money(payment.cashRounding)}</td></tr>
              )}
              {doc.tenders.map((tender, i) => (
                <tr key={i}><td colSpan={2}>{t('receipt.tendered', { type: t(`receipt.tender_${tender.type}`) })}</td><td className="num">{money(tender.type === 'cash' ? tender.tendered : tender.amount)}</td></tr>
              ))}
              {payment && payment.change > 0 && <tr><td colSpan={2}>{t('receipt.change')}</td><td className="num">{money(payment.change)}</td></tr>}
              {totals.taxBreakdown.map((tax) => (
                <tr key={tax.code} className="muted"><td colSpan={2}>{t('receipt.vat', { rate: `${tax.rateBp / 100}%` })}</td><td className="num">{money(tax.tax)}</td></tr>
              ))}
            </tfoot>
          </table>
          {settings && settings.footerLines.length > 0 && (
            <div data-testid="receipt-footer" style={{ textAlign: 'center' }}>
              {settings.footerLines.map((line, i) => <p key={i} style={{ margin: 0 }}>{line}</p>)}
            </div>
          )}
          <p className="muted" data-testid="sync-state">{synced ? `✓ ${t('receipt.synced')}` : `⏳ ${t('receipt.waiting')}`}</p>
        </article>
        <ReceiptPrinting sale={sale} totals={totals} cashierName={cashierName} synced={synced !== null} onCopy={setCopyNumber} />
        <ReceiptEmail sale={sale} synced={synced !== null} emailConfigured={profile?.emailConfigured} />
        <div className="row no-print">
          <button type="button" className="btn primary" onClick={onNewSale} autoFocus data-testid="new-sale">{t('receipt.newSale')}</button>
        </div>
      </section>
    </div>
  );
}
