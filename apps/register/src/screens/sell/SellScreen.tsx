import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Discount, SaleTotals } from '@kassa/domain';
import { useRegister } from '../../app/register-context.tsx';
import { StatusBar } from '../../components/StatusBar.tsx';
import { getMeta, type Cart, type CartApproval, type CartPayment, type LocalSale, type ParkedSale } from '../../db/database.ts';
import { taxesFor, taxesOf } from '../../db/catalogue.ts';
import type { ListedItem } from '../../db/catalogue-index.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';
import { resolveScan } from '../../sale/barcode.ts';
import { addItem, addUnknownItem, lastLineId, needsWeight, overrideLinePrice, neighbourLineId, removeLine, setLineDetails, setLineQuantity, setOrderDiscount, updateLine, type AddItemInput, type LineQuantity } from '../../sale/cart.ts';
import { buildSaleDocument, type PaidTender } from '../../sale/sale-document.ts';
import { totalsOf } from '../../sale/totals.ts';
import { approvalEvents, approvalsInForce, DISCOUNT_ABOVE_LIMIT, decisionFor, discountAboveLimit, lineDiscountBp, PRICE_OVERRIDE, refreshGrants, storedGrants, UNKNOWN_ITEM, withApproval, type StaffGrants } from '../../sale/approvals.ts';
import { commitPaidSale } from '../../sale/commit-paid-sale.ts';
import { parkCart, resumeParked, type SwitchOutcome } from '../../sale/parking.ts';
import { hasApprovedCard, leavePayment, paymentOf, withPayment } from '../../sale/payment-state.ts';
import { knownTerminals, refreshTerminals, type Terminal } from '../../payments/card-attempts.ts';
import { formatMilli, formatMoney, intlLocale } from '../../lib/format.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { useDialogState } from '../../components/use-focus-return.ts';
import { listenForScans } from '../../scan/wedge.ts';
import { beep } from './beep.ts';
import { CartPanel } from './CartPanel.tsx';
import { CatalogPanel } from './CatalogPanel.tsx';
import { DiscountDialog } from './DiscountDialog.tsx';
import { PayPanel } from './PayPanel.tsx';
import { ScanNotice, type ScanNoticeValue } from './ScanNotice.tsx';
import { ReceiptPanel } from './ReceiptPanel.tsx';
import { useSellShortcuts } from './use-sell-shortcuts.ts';
import type { UnknownItemEntry } from './UnknownItemDialog.tsx';
import { useCart } from './use-cart.ts';
import { useWaitingReceiptEmails } from './use-waiting-receipt-emails.ts';

// Rare screens load on demand so the first load stays small.
const ParkedDialog = lazy(() => import('./ParkedDialog.tsx'));
const ProblemsDialog = lazy(() => import('./ProblemsDialog.tsx'));
const ApprovalDialog = lazy(() => import('./ApprovalDialog.tsx'));
const PriceDialog = lazy(() => import('./PriceDialog.tsx'));
const LineDialog = lazy(() => import('./LineDialog.tsx'));
const UnknownItemDialog = lazy(() => import('./UnknownItemDialog.tsx'));
const ShortcutsDialog = lazy(() => import('./ShortcutsDialog.tsx'));
const QuantityDialog = lazy(() => import('./QuantityDialog.tsx'));

type Approval = { kind: 'approval'; request: { permission: string; what: string; lineId: string | null }; apply: (c: Cart) => Cart };

type Overlay = { kind: 'pay' } | { kind: 'receipt'; sale: LocalSale; totals: SaleTotals } | { kind: 'discount'; lineId: string | null } | { kind: 'parked' } | { kind: 'problems' } | Approval | { kind: 'price'; lineId: string } | { kind: 'line'; lineId: string } | { kind: 'unknown'; code: string | null } | { kind: 'shortcuts' } | { kind: 'weigh'; input: AddItemInput } | { kind: 'quantity'; lineId: string };

export function SellScreen() {
  const { t, i18n } = useTranslation();
  const { db, api, device, session, engine, writer, pricing } = useRegister();
  const { cart, loaded, change, reset, swap, current } = useCart(db);
  useWaitingReceiptEmails();
  const [grants, setGrants] = useState<StaffGrants | null>(null);
  const [terminal, setTerminal] = useState<Terminal | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const locale = intlLocale(i18n.language);
  const money = (amount: number) => formatMoney(amount, pricing.currency, locale);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const cartRef = useRef<HTMLElement | null>(null);
  // Every dialog gives focus back when it closes (UI.md): to what had it, else to the cart, not the
  // search field: there a scanner's burst would be typed (and searched) letter by letter, and a
  // phone would open its keyboard. From the cart, +/−, ↑/↓ and scans work at once; F2 or / searches.
  const [overlay, setOverlay] = useDialogState<Overlay>(() => cartRef.current);
  const [selected, setSelected] = useState<string | undefined>();
  const [notice, setNotice] = useState<ScanNoticeValue | null>(null);
  const [busy, setBusy] = useState(false);
  const [payError, setPayError] = useState<string | null>(null);
  const readOnly = writer === 'readOnlyTab' || writer === 'readOnlyElsewhere';
  const parkedCount = useLiveQuery(() => db.parked.count(), [db], 0);
  const staff = useLiveQuery(() => db.staff.orderBy('name').toArray(), [db], []);
  const calculated = useMemo(() => (cart.lines.length ? totalsOf(cart, pricing) : null), [cart, pricing]);
  const totals = calculated?.ok ? calculated.value : null;
  const overlayRef = useRef(overlay);
  overlayRef.current = overlay;

  function add(input: AddItemInput) {
    // Drawn in this task (a scan's IndexedDB answer), not a later one that other work may come before.
    flushSync(() => {
      // A weighed item without its weight (tapped, searched, its own code scanned) waits for the weight to be typed.
      if (needsWeight(input)) return setOverlay({ kind: 'weigh', input });
      if (overlayRef.current?.kind === 'receipt') setOverlay(null);
      change((c) => addItem(c, input));
      setSelected(lastLineId(current()));
      setNotice(null);
    });
  }

  async function addByCode(code: string) {
    // While paying or typing a weight, a scan adds nothing (the weight dialog's field keeps its keys).
    if (readOnly || overlayRef.current?.kind === 'pay' || overlayRef.current?.kind === 'weigh') return;
    const outcome = await resolveScan(db, code);
    if (outcome.ok) return add(outcome.add);
    const bySku = await db.items.where('sku').equals(code).first();
    if (bySku && !bySku.archived) return add({ item: bySku, taxes: await taxesFor(db, bySku.taxClass) });
    beep();
    if (outcome.reason === 'unknown') {
      // A register whose first catalogue download has not finished (went offline right after
      // enrolling) knows no code at all: say that, not that this one code is unknown.
      const loaded = (await getMeta<string>(db, 'catalogCursor')) !== undefined;
      return setNotice({ text: t(loaded ? 'sell.unknownCode' : 'sell.catalogueNotLoaded', { code }), unknownCode: code });
    }
    setNotice({ text: outcome.reason === 'invalid' ? t('sell.invalidCode', { code }) : t('sell.archivedCode', { code }), unknownCode: null });
  }

  /** A result tile shows what the search index keeps; the whole item (and its taxes) is read when it is picked. */
  async function pick(listed: ListedItem) {
    const [item, rates] = await Promise.all([db.items.get(listed.variantId), db.taxRates.toArray()]);
    if (item && !item.archived) return add({ item, taxes: taxesOf(rates, item.taxClass) });
    setNotice({ text: t('sell.archivedCode', { code: listed.sku }), unknownCode: null });
  }

  const scanRef = useRef(addByCode);
  scanRef.current = addByCode;
  const pickRef = useRef(pick);
  pickRef.current = pick;
  useEffect(() => listenForScans((code) => void scanRef.current(code)), []);
  // Stable, so a scan's new line does not also render the result grid again (CatalogPanel is memoised).
  const onCatalogPick = useCallback((item: ListedItem) => void pickRef.current(item), []);
  const onCatalogCode = useCallback((code: string) => void scanRef.current(code), []);

  // What this person may do (discount limit, approvals) and which card terminal to use: read when online, kept for offline.
  useEffect(() => {
    if (!session || !device) return;
    void storedGrants(db, session.token).then((g) => g && setGrants(g));
    void refreshGrants(db, api, session.token).then((g) => g && setGrants(g));
    void knownTerminals(db).then((known) => setTerminal(known[0] ?? null));
    void refreshTerminals(db, api, session.token, device.registerId).then((found) => found && setTerminal(found[0] ?? null));
  }, [db, api, session, device]);

  // A card payment running or approved before a reload: back to the payment screen to finish it.
  useEffect(() => {
    if (loaded && (current().payment?.cardAttempt || hasApprovedCard(current()))) setOverlay({ kind: 'pay' });
  }, [loaded]);

  async function complete(tenders: PaidTender[], settled: SaleTotals) {
    if (!device || busy) return;
    setBusy(true);
    setPayError(null);
    try {
      const now = new Date().toISOString();
      const selling = current();
      const saleId = paymentOf(selling).saleId;
      const staffId = session?.staffId ?? null;
      const doc = buildSaleDocument(selling, settled, tenders, { id: saleId, storeId: device.storeId, registerId: device.registerId, staffId, deviceTime: now });
      const sale = await commitPaidSale(db, doc, session?.name ?? null, now, approvalEvents(saleId, staffId, approvalsInForce(selling), now));
      reset();
      setSelected(undefined);
      setOverlay({ kind: 'receipt', sale, totals: settled });
      engine?.kick();
    } catch (error) {
      setPayError(t('pay.commitFailed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  }

  /** Park and resume are each one transaction (sale/parking.ts); a failure leaves the cart and the parked list as they were, and says so. */
  async function switchCart(work: (snapshot: Cart, staffName: string | null, now: string) => Promise<SwitchOutcome>) {
    setMessage(null);
    try {
      const outcome = await swap((snapshot) => work(snapshot, session?.name ?? null, new Date().toISOString()));
      if (outcome?.ok) setSelected(undefined);
      else if (outcome && outcome.reason !== 'empty') setMessage(t(`parkedList.refused_${outcome.reason}`));
    } catch (error) {
      setMessage(t('parkedList.failed', { message: error instanceof Error ? error.message : String(error) }));
    }
  }

  const park = () => switchCart((snapshot, staffName, now) => parkCart(db, snapshot, staffName, now));

  async function resume(parked: ParkedSale) {
    // A sale on screen is parked in the same transaction: resuming never throws it away.
    await switchCart((snapshot, staffName, now) => resumeParked(db, parked.id, snapshot, staffName, now));
    setOverlay(null);
  }

  /** Applies a change that may need a permission: at once when allowed, after a manager's PIN when it needs approval, never when denied. */
  function guarded(permission: string, needed: boolean, what: string, lineId: string | null, apply: (c: Cart) => Cart) {
    setMessage(null);
    const decision = needed ? decisionFor(grants, permission) : 'allow';
    if (decision === 'allow') {
      change(apply);
      setOverlay(null);
    } else if (decision === 'deny') {
      setOverlay(null);
      setMessage(t('saleApproval.denied', { what }));
    } else {
      setOverlay({ kind: 'approval', request: { permission, what, lineId }, apply });
    }
  }

  function approved(overlayApply: (c: Cart) => Cart, approval: CartApproval) {
    change((c) => withApproval(overlayApply(c), approval));
    setOverlay(null);
    setMessage(null);
  }

  function refuseApproval(what: string) {
    setOverlay(null);
    setMessage(t('saleApproval.refused', { what }));
  }

  function applyDiscount(lineId: string | null, discount: Discount | undefined) {
    const apply = (c: Cart) => (lineId ? updateLine(c, lineId, { lineDiscount: discount }) : setOrderDiscount(c, discount));
    if (!discount) return guarded(DISCOUNT_ABOVE_LIMIT, false, '', lineId, apply);
    const line = lineId ? current().lines.find((l) => l.id === lineId) : undefined;
    const bp = line ? lineDiscountBp(line, discount) : discount.kind === 'percent' ? discount.bp : 0;
    const size = discount.kind === 'percent' ? `${discount.bp / 100} %` : money(discount.amount);
    const what = line ? t('saleApproval.lineDiscount', { size, name: line.description }) : t('saleApproval.orderDiscount', { size });
    guarded(DISCOUNT_ABOVE_LIMIT, discountAboveLimit(bp, grants?.discountLimitBp ?? null, !line && discount.kind === 'amount'), what, lineId, apply);
  }

  function applyLineDetails(lineId: string, details: { note: string; soldByStaffId: string | null }) {
    change((c) => setLineDetails(c, lineId, details));
    setOverlay(null);
  }

  /** An unknown item needs the permission (a manager's PIN for a cashier); its line id is fixed first so the approval names it. */
  function addUnknown(entry: UnknownItemEntry) {
    const lineId = uuidv7();
    const what = t('unknownItem.what', { name: entry.description, price: money(entry.unitPrice) });
    setNotice(null);
    guarded(UNKNOWN_ITEM, true, what, lineId, (c) => addUnknownItem(c, { id: lineId, ...entry }));
    setSelected(lineId);
  }

  function applyPrice(lineId: string, unitPrice: number) {
    const line = current().lines.find((l) => l.id === lineId);
    if (!line) return setOverlay(null);
    const original = line.originalUnitPrice ?? line.unitPrice;
    const what = t('saleApproval.price', { name: line.description, from: money(original), to: money(unitPrice) });
    guarded(PRICE_OVERRIDE, unitPrice !== original, what, lineId, (c) => overrideLinePrice(c, lineId, unitPrice));
  }

  function openPay() {
    if (!current().lines.length || !totals) return;
    // The sale id is fixed now: card attempts are taken for it, and the sale document carries it.
    change((c) => (c.payment ? c : { ...c, payment: paymentOf(c) }));
    setOverlay({ kind: 'pay' });
  }

  function leavePay() {
    // A card attempt on the terminal or card money taken: the sale is finished here, never left half paid.
    if (hasApprovedCard(current()) || current().payment?.cardAttempt) return;
    change(leavePayment);
    setOverlay(null);
  }

  function abandoned() {
    // Every card payment went back on the card (PayPanel): the half-paid sale is dropped.
    reset();
    setSelected(undefined);
    setOverlay(null);
  }

  function quantity(lineId: string, delta: 1 | -1) {
    const line = current().lines.find((l) => l.id === lineId);
    if (!line || line.quantity === undefined) return;
    change((c) => (line.quantity! + delta <= 0 ? removeLine(c, lineId) : updateLine(c, lineId, { quantity: line.quantity! + delta })));
  }

  /** The weight typed for a weighed item being added, or a line's typed quantity or weight. */
  function applyQuantity(value: LineQuantity) {
    const open = overlayRef.current;
    if (open?.kind === 'weigh' && 'quantityMilli' in value) {
      setOverlay(null);
      return add({ ...open.input, quantityMilli: value.quantityMilli });
    }
    if (open?.kind === 'quantity') change((c) => setLineQuantity(c, open.lineId, value));
    setOverlay(null);
  }

  useSellShortcuts({
    enabled: !readOnly,
    overlayOpen: overlay !== null,
    focusSearch: () => searchRef.current?.focus(),
    pay: openPay,
    park: () => void park(),
    parkedList: () => setOverlay({ kind: 'parked' }),
    orderDiscount: () => cart.lines.length && setOverlay({ kind: 'discount', lineId: null }),
    // Only a line still in the cart (the selection may name one that was never added: a refused unknown item).
    lineDiscount: () => current().lines.some((l) => l.id === selected) && setOverlay({ kind: 'discount', lineId: selected! }),
    lineDetails: () => current().lines.some((l) => l.id === selected) && setOverlay({ kind: 'line', lineId: selected! }),
    selectLine: (step) => setSelected(neighbourLineId(current(), selected, step)),
    help: () => {
      if (overlay === null) setOverlay({ kind: 'shortcuts' });
      else if (overlay.kind === 'shortcuts') setOverlay(null);
    },
    typeQuantity: () => current().lines.some((l) => l.id === selected) && setOverlay({ kind: 'quantity', lineId: selected! }),
    more: () => selected && quantity(selected, 1),
    less: () => selected && quantity(selected, -1),
    remove: () => selected && change((c) => removeLine(c, selected)),
    escape: () => {
      if (overlay?.kind === 'pay') return !busy && leavePay();
      if (overlay?.kind === 'approval') return refuseApproval(overlay.request.what);
      if (overlay?.kind !== 'receipt' && !busy) setOverlay(null);
    },
  });

  const discountLine = overlay?.kind === 'discount' && overlay.lineId ? cart.lines.find((l) => l.id === overlay.lineId) : undefined;
  return (
    <div className="app">
      <StatusBar onProblems={() => setOverlay({ kind: 'problems' })} onShortcuts={() => setOverlay({ kind: 'shortcuts' })} />
      {notice && <ScanNotice notice={notice} readOnly={readOnly} onUnknownItem={(code) => setOverlay({ kind: 'unknown', code })} onDismiss={() => { setNotice(null); cartRef.current?.focus({ preventScroll: true }); }} />}
      {message && (
        <p className="banner bad sell-message" role="alert" data-testid="sell-message">
          {message} <button type="button" className="btn small" onClick={() => { setMessage(null); cartRef.current?.focus({ preventScroll: true }); }}>{t('sell.dismiss')}</button>
        </p>
      )}
      <main className="sell" inert={overlay !== null}>
        <h1 className="sr-only">{t('app.name')}</h1>
        <CartPanel
          cart={cart}
          totals={totals}
          currency={pricing.currency}
          selected={selected}
          readOnly={readOnly}
          parkedCount={parkedCount}
          onSelect={(id) => setSelected(id === selected ? undefined : id)}
          onQuantity={quantity}
          onTypeQuantity={(id) => setOverlay({ kind: 'quantity', lineId: id })}
          onRemove={(id) => change((c) => removeLine(c, id))}
          onLineDiscount={(id) => setOverlay({ kind: 'discount', lineId: id })}
          onLinePrice={(id) => setOverlay({ kind: 'price', lineId: id })}
          onLineDetails={(id) => setOverlay({ kind: 'line', lineId: id })}
          staff={staff}
          sectionRef={cartRef}
          onOrderDiscount={() => setOverlay({ kind: 'discount', lineId: null })}
          onPay={openPay}
          onPark={() => void park()}
          onParked={() => setOverlay({ kind: 'parked' })}
        />
        <CatalogPanel db={db} currency={pricing.currency} readOnly={readOnly} onPick={onCatalogPick} onCode={onCatalogCode} searchRef={searchRef} />
      </main>
      {overlay?.kind === 'pay' && totals && (
        <PayPanel cart={cart} totals={totals} pricing={pricing} busy={busy} error={payError} terminal={terminal} onPayment={(update: (p: CartPayment) => CartPayment) => change((c) => withPayment(c, update))} onComplete={(tenders, settled) => void complete(tenders, settled)} onCancel={leavePay} onAbandoned={abandoned} />
      )}
      {overlay?.kind === 'receipt' && <ReceiptPanel db={db} sale={overlay.sale} totals={overlay.totals} onNewSale={() => setOverlay(null)} />}
      {overlay?.kind === 'discount' && (
        <DiscountDialog title={overlay.lineId ? `${t('sell.lineDiscount')}: ${discountLine?.description ?? ''}` : t('sell.orderDiscount')} current={overlay.lineId ? discountLine?.lineDiscount : cart.orderDiscount} onApply={(d) => applyDiscount(overlay.lineId, d)} onClose={() => setOverlay(null)} />
      )}
      <Suspense fallback={null}>
        {overlay?.kind === 'parked' && <ParkedDialog db={db} cartHasLines={cart.lines.length > 0} onResume={(p) => void resume(p)} onClose={() => setOverlay(null)} />}
        {overlay?.kind === 'problems' && <ProblemsDialog db={db} onClose={() => setOverlay(null)} />}
        {overlay?.kind === 'approval' && (
          <ApprovalDialog request={overlay.request} onApproved={(a) => approved(overlay.apply, a)} onCancel={() => refuseApproval(overlay.request.what)} />
        )}
        {overlay?.kind === 'price' && (() => {
          const line = cart.lines.find((l) => l.id === overlay.lineId);
          return line ? <PriceDialog line={line} currency={pricing.currency} locale={locale} money={money} onApply={(price) => applyPrice(line.id, price)} onClose={() => setOverlay(null)} /> : null;
        })()}
        {overlay?.kind === 'line' && (() => {
          const line = cart.lines.find((l) => l.id === overlay.lineId);
          return line ? <LineDialog line={line} staff={staff} cashierName={session?.name ?? null} onApply={(d) => applyLineDetails(line.id, d)} onClose={() => setOverlay(null)} /> : null;
        })()}
        {overlay?.kind === 'unknown' && <UnknownItemDialog db={db} code={overlay.code} currency={pricing.currency} onAdd={addUnknown} onClose={() => setOverlay(null)} />}
        {overlay?.kind === 'shortcuts' && <ShortcutsDialog onClose={() => setOverlay(null)} />}
        {overlay?.kind === 'weigh' && (
          <QuantityDialog mode="weight" name={overlay.input.item.name} unitPrice={overlay.input.item.price} initial="" adding locale={locale} money={money} onApply={applyQuantity} onClose={() => setOverlay(null)} />
        )}
        {overlay?.kind === 'quantity' && (() => {
          const line = cart.lines.find((l) => l.id === overlay.lineId);
          if (!line) return null;
          const weighed = line.quantityMilli !== undefined;
          const initial = weighed ? formatMilli(line.quantityMilli!, locale) : String(line.quantity ?? 1);
          return <QuantityDialog mode={weighed ? 'weight' : 'pieces'} name={line.description} unitPrice={line.unitPrice} initial={initial} adding={false} locale={locale} money={money} onApply={applyQuantity} onClose={() => setOverlay(null)} />;
        })()}
      </Suspense>
    </div>
  );
}
