import { useTranslation } from 'react-i18next';
import type { SaleTotals } from '@kassa/domain';
import type { Cart, LocalStaff } from '../../db/database.ts';
import { formatMilli, formatMoney, intlLocale } from '../../lib/format.ts';
import { withKeys } from './shortcuts.ts';

export interface CartPanelProps {
  cart: Cart;
  totals: SaleTotals | null;
  currency: string;
  selected: string | undefined;
  readOnly: boolean;
  parkedCount: number;
  onSelect(lineId: string): void;
  onQuantity(lineId: string, delta: 1 | -1): void;
  /** Opens the typed quantity (pieces) or weight (kg) of a line. */
  onTypeQuantity(lineId: string): void;
  onRemove(lineId: string): void;
  onLineDiscount(lineId: string): void;
  onLinePrice(lineId: string): void;
  /** Opens the line's dialog: note and who sold it. */
  onLineDetails(lineId: string): void;
  /** This store's staff (local list), to name a line's salesperson. */
  staff: readonly LocalStaff[];
  /** The cart itself: where focus goes when a dialog closes and what had focus is gone. */
  sectionRef?: React.Ref<HTMLElement>;
  onOrderDiscount(): void;
  onPay(): void;
  onPark(): void;
  onParked(): void;
}

/** The total (biggest thing on screen), then the lines, then the actions. */
export function CartPanel(props: CartPanelProps) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const money = (amount: number) => formatMoney(amount, props.currency, locale);
  const { cart, totals, selected } = props;
  const nameOf = (id: string) => props.staff.find((s) => s.id === id)?.name ?? '…';
  return (
    <section className="cart" aria-label={t('sell.lines')} tabIndex={-1} ref={props.sectionRef}>
      <div className="total" data-testid="total">
        <span className="total-label">{t('sell.total')}</span>
        <output className="total-amount" aria-live="polite">{money(totals?.total ?? 0)}</output>
        {totals && totals.discountTotal !== 0 && <span className="muted">{t('sell.discount')} {money(-totals.discountTotal)}</span>}
      </div>
      <ol className="lines" data-testid="lines">
        {cart.lines.length === 0 && <li className="empty">{t('sell.empty')}</li>}
        {cart.lines.map((line, index) => {
          const lineTotals = totals?.lines[index];
          const isSelected = line.id === selected;
          return (
            <li key={line.id} className={`line${isSelected ? ' selected' : ''}`} data-testid="line">
              <button type="button" className="line-main" onClick={() => props.onSelect(line.id)} aria-expanded={isSelected}>
                <span className="line-qty">{line.quantityMilli !== undefined ? `${formatMilli(line.quantityMilli, locale)} kg` : `${line.quantity}×`}</span>
                <span className="line-name">{line.description}</span>
                <span className="line-amount">{money(lineTotals?.totalWithTax ?? 0)}</span>
                {lineTotals && lineTotals.lineDiscount !== 0 && <span className="line-discount">{t('sell.discountOff', { value: money(lineTotals.lineDiscount) })}</span>}
                {line.priceFromLabel ? (
                  <span className="line-extra" data-testid="line-label-price">{t('price.fromLabel')}</span>
                ) : (
                  line.originalUnitPrice !== undefined && <span className="line-discount">{t('price.overridden', { price: money(line.unitPrice), original: money(line.originalUnitPrice) })}</span>
                )}
                {line.unknownItem && <span className="line-extra" data-testid="line-unknown">⚠ {t('unknownItem.marker')}</span>}
                {line.soldByStaffId && <span className="line-extra" data-testid="line-sold-by">{t('lineEdit.soldByShort', { name: nameOf(line.soldByStaffId) })}</span>}
                {line.note && <span className="line-extra line-note" data-testid="line-note">✎ {line.note}</span>}
              </button>
              {isSelected && !props.readOnly && (
                <div className="line-tools">
                  {line.quantity !== undefined && (
                    <>
                      <button type="button" className="btn" onClick={() => props.onQuantity(line.id, -1)} aria-label={t('sell.less')} title={`${t('sell.less')} (−)`} aria-keyshortcuts="-">−</button>
                      {/* The number itself opens the typed quantity: twelve of an item is not twelve taps. */}
                      <button type="button" className="btn qty" onClick={() => props.onTypeQuantity(line.id)} aria-label={`${t('quantityEntry.typePieces')}: ${line.quantity}`} title={withKeys(t('quantityEntry.typePieces'), 'typeQuantity')} aria-keyshortcuts="*" data-testid="line-quantity">{line.quantity}</button>
                      <button type="button" className="btn" onClick={() => props.onQuantity(line.id, 1)} aria-label={t('sell.more')} title={`${t('sell.more')} (+)`} aria-keyshortcuts="+">+</button>
                    </>
                  )}
                  {line.quantityMilli !== undefined && (
                    <button type="button" className="btn" onClick={() => props.onTypeQuantity(line.id)} title={withKeys(t('quantityEntry.typeWeight'), 'typeQuantity')} aria-keyshortcuts="*" data-testid="line-weight">{t('quantityEntry.typeWeight')}</button>
                  )}
                  <button type="button" className="btn" onClick={() => props.onLineDiscount(line.id)} title={withKeys(t('sell.lineDiscount'), 'lineDiscount')} aria-keyshortcuts="Shift+F4">{t('sell.lineDiscount')}</button>
                  {/* An unknown item's price was typed (and approved) when it was added: remove and add it again to change it. */}
                  {!line.unknownItem && <button type="button" className="btn" onClick={() => props.onLinePrice(line.id)}>{t('price.button')}</button>}
                  <button type="button" className="btn" onClick={() => props.onLineDetails(line.id)} title={withKeys(t('lineEdit.button'), 'lineDetails')} aria-keyshortcuts="F7" data-testid="line-details">{t('lineEdit.button')}</button>
                  <button type="button" className="btn danger" onClick={() => props.onRemove(line.id)} aria-label={t('sell.remove')} title={withKeys(t('sell.remove'), 'removeLine')} aria-keyshortcuts="Delete">✕</button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button type="button" className="btn" onClick={props.onOrderDiscount} disabled={props.readOnly || cart.lines.length === 0} title={withKeys(t('sell.orderDiscount'), 'orderDiscount')} aria-keyshortcuts="F4">{t('sell.orderDiscount')}</button>
        <button type="button" className="btn" onClick={props.onPark} disabled={props.readOnly || cart.lines.length === 0} title={withKeys(t('sell.park'), 'park')} aria-keyshortcuts="F6">{t('sell.park')}</button>
        <button type="button" className="btn" onClick={props.onParked} disabled={props.readOnly} title={withKeys(t('shortcuts.action_parkedList'), 'parkedList')} aria-keyshortcuts="Shift+F6" data-testid="parked">{t('sell.parked', { count: props.parkedCount })}</button>
        <button type="button" className="btn primary pay" onClick={props.onPay} disabled={props.readOnly || cart.lines.length === 0 || !totals} title={withKeys(t('sell.pay'), 'pay')} aria-keyshortcuts="F8 F12" data-testid="pay">
          {t('sell.pay')} {totals ? money(totals.total) : ''}
        </button>
      </div>
    </section>
  );
}
