import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Discount, SaleTotals } from '@kassa/domain';
import { useRegister } from '../../app/register-context.tsx';
import { StatusBar } from '../../components/StatusBar.tsx';
import type { LocalItem, LocalSale, ParkedSale } from '../../db/database.ts';
import { taxesFor } from '../../db/catalogue.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';
import { resolveScan } from '../../sale/barcode.ts';
import { addItem, emptyCart, lastLineId, removeLine, setOrderDiscount, updateLine, type AddItemInput } from '../../sale/cart.ts';
import { buildSaleDocument, type PaidTender } from '../../sale/sale-document.ts';
import { totalsOf } from '../../sale/totals.ts';
import { commitSale } from '../../sync/outbox.ts';
import { listenForScans } from '../../scan/wedge.ts';
import { beep } from './beep.ts';
import { CartPanel } from './CartPanel.tsx';
import { CatalogPanel } from './CatalogPanel.tsx';
import { DiscountDialog } from './DiscountDialog.tsx';
import { PayPanel } from './PayPanel.tsx';
import { ReceiptPanel } from './ReceiptPanel.tsx';
import { useSellShortcuts } from './use-sell-shortcuts.ts';
import { useCart } from './use-cart.ts';

// Rare screens load on demand so the first load stays small.
const ParkedDialog = lazy(() => import('./ParkedDialog.tsx'));
const ProblemsDialog = lazy(() => import('./ProblemsDialog.tsx'));

type Overlay = { kind: 'pay' } | { kind: 'receipt'; sale: LocalSale; totals: SaleTotals } | { kind: 'discount'; lineId: string | null } | { kind: 'parked' } | { kind: 'problems' } | null;

export function SellScreen() {
  const { t } = useTranslation();
  const { db, device, session, engine, writer, pricing } = useRegister();
  const { cart, change, reset, current } = useCart(db);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [selected, setSelected] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [payError, setPayError] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const readOnly = writer === 'readOnlyTab' || writer === 'readOnlyElsewhere';
  const parkedCount = useLiveQuery(() => db.parked.count(), [db], 0);
  const calculated = useMemo(() => (cart.lines.length ? totalsOf(cart, pricing) : null), [cart, pricing]);
  const totals = calculated?.ok ? calculated.value : null;
  const overlayRef = useRef(overlay);
  overlayRef.current = overlay;

  function add(input: AddItemInput) {
    if (overlayRef.current?.kind === 'receipt') setOverlay(null);
    change((c) => addItem(c, input));
    setSelected(lastLineId(current()));
    setNotice(null);
  }

  async function addByCode(code: string) {
    if (readOnly || overlayRef.current?.kind === 'pay') return;
    const outcome = await resolveScan(db, code);
    if (outcome.ok) return add(outcome.add);
    const bySku = await db.items.where('sku').equals(code).first();
    if (bySku && !bySku.archived) return add({ item: bySku, taxes: await taxesFor(db, bySku.taxClass) });
    beep();
    setNotice(outcome.reason === 'invalid' ? t('sell.invalidCode', { code }) : outcome.reason === 'archived' ? t('sell.archivedCode', { code }) : t('sell.unknownCode', { code }));
  }

  async function pick(item: LocalItem) {
    add({ item, taxes: await taxesFor(db, item.taxClass) });
  }

  const scanRef = useRef(addByCode);
  scanRef.current = addByCode;
  useEffect(() => listenForScans((code) => void scanRef.current(code)), []);

  async function complete(tenders: PaidTender[], settled: SaleTotals) {
    if (!device || busy) return;
    setBusy(true);
    setPayError(null);
    try {
      const now = new Date().toISOString();
      const doc = buildSaleDocument(current(), settled, tenders, { id: uuidv7(), storeId: device.storeId, registerId: device.registerId, staffId: session?.staffId ?? null, deviceTime: now });
      const sale = await commitSale(db, doc, session?.name ?? null, now);
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

  async function park() {
    const snapshot = current();
    if (snapshot.lines.length === 0) return;
    await db.transaction('rw', [db.parked, db.meta], async () => {
      await db.parked.add({ id: snapshot.id, cart: snapshot, parkedAt: new Date().toISOString(), staffName: session?.name ?? null });
      await db.meta.put({ key: 'cart', value: emptyCart() });
    });
    reset();
  }

  async function resume(parked: ParkedSale) {
    await park();
    await db.parked.delete(parked.id);
    change(() => parked.cart);
    setOverlay(null);
  }

  function applyDiscount(lineId: string | null, discount: Discount | undefined) {
    change((c) => (lineId ? updateLine(c, lineId, { lineDiscount: discount }) : setOrderDiscount(c, discount)));
    setOverlay(null);
  }

  function quantity(lineId: string, delta: 1 | -1) {
    const line = current().lines.find((l) => l.id === lineId);
    if (!line || line.quantity === undefined) return;
    change((c) => (line.quantity! + delta <= 0 ? removeLine(c, lineId) : updateLine(c, lineId, { quantity: line.quantity! + delta })));
  }

  useSellShortcuts({
    enabled: !readOnly,
    overlayOpen: overlay !== null,
    focusSearch: () => searchRef.current?.focus(),
    pay: () => cart.lines.length && totals && setOverlay({ kind: 'pay' }),
    park: () => void park(),
    orderDiscount: () => cart.lines.length && setOverlay({ kind: 'discount', lineId: null }),
    more: () => selected && quantity(selected, 1),
    less: () => selected && quantity(selected, -1),
    remove: () => selected && change((c) => removeLine(c, selected)),
    escape: () => overlay?.kind !== 'receipt' && !busy && setOverlay(null),
  });

  const discountLine = overlay?.kind === 'discount' && overlay.lineId ? cart.lines.find((l) => l.id === overlay.lineId) : undefined;
  return (
    <div className="app">
      <StatusBar onProblems={() => setOverlay({ kind: 'problems' })} />
      {notice && (
        <div className="notice bad" role="alert" data-testid="scan-notice">
          <strong>{notice}</strong>
          <span>{t('sell.unknownHint')}</span>
          <button type="button" className="btn" onClick={() => setNotice(null)}>{t('sell.dismiss')}</button>
        </div>
      )}
      <main className="sell">
        <CartPanel
          cart={cart}
          totals={totals}
          currency={pricing.currency}
          selected={selected}
          readOnly={readOnly}
          parkedCount={parkedCount}
          onSelect={(id) => setSelected(id === selected ? undefined : id)}
          onQuantity={quantity}
          onRemove={(id) => change((c) => removeLine(c, id))}
          onLineDiscount={(id) => setOverlay({ kind: 'discount', lineId: id })}
          onOrderDiscount={() => setOverlay({ kind: 'discount', lineId: null })}
          onPay={() => setOverlay({ kind: 'pay' })}
          onPark={() => void park()}
          onParked={() => setOverlay({ kind: 'parked' })}
        />
        <CatalogPanel db={db} currency={pricing.currency} readOnly={readOnly} onPick={(item) => void pick(item)} onCode={(code) => void addByCode(code)} searchRef={searchRef} />
      </main>
      {overlay?.kind === 'pay' && totals && (
        <PayPanel cart={cart} totals={totals} pricing={pricing} busy={busy} error={payError} onComplete={(tenders, settled) => void complete(tenders, settled)} onCancel={() => setOverlay(null)} />
      )}
      {overlay?.kind === 'receipt' && <ReceiptPanel db={db} sale={overlay.sale} totals={overlay.totals} onNewSale={() => setOverlay(null)} />}
      {overlay?.kind === 'discount' && (
        <DiscountDialog title={overlay.lineId ? `${t('sell.lineDiscount')}: ${discountLine?.description ?? ''}` : t('sell.orderDiscount')} current={overlay.lineId ? discountLine?.lineDiscount : cart.orderDiscount} onApply={(d) => applyDiscount(overlay.lineId, d)} onClose={() => setOverlay(null)} />
      )}
      <Suspense fallback={null}>
        {overlay?.kind === 'parked' && <ParkedDialog db={db} onResume={(p) => void resume(p)} onClose={() => setOverlay(null)} />}
        {overlay?.kind === 'problems' && <ProblemsDialog db={db} onClose={() => setOverlay(null)} />}
      </Suspense>
    </div>
  );
}
