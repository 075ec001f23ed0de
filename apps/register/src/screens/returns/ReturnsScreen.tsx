import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordedSale, SaleLineInput } from '@kassa/contracts';
import type { SaleTotals } from '@kassa/domain';
import { useRegister } from '../../app/register-context.tsx';
import { focusOnOpen } from '../menu/focus.ts';
import type { LocalItem, LocalSale } from '../../db/database.ts';
import { taxesFor } from '../../db/catalogue.ts';
import { formatMilli, formatMoney, intlLocale } from '../../lib/format.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { commitReturn, originalLineTaxes } from '../../returns/commit-return.ts';
import { seedReceiptCounter } from '../../sync/receipt-counter.ts';
import { buildReturnLines, clampPick, pendingReturnedMilli, refundTotals, returnableLines, type RefundTender, type ReturnableLine } from '../../returns/return-lines.ts';
import { useApproval } from '../shift/approval.tsx';
import { terminalPaymentFor } from '../../returns/card-refund.ts';
import { followToOutcome, isFinal, refundCardPayment } from '../../payments/card-refunds.ts';
import { ItemPicker } from './ItemPicker.tsx';
import { ReturnReceipt } from './ReturnReceipt.tsx';

const REASONS = ['no_receipt', 'defect', 'wrong_item', 'changed_mind'] as const;
type Picked = { item: LocalItem; quantity: number; taxes: Array<{ code: string; rateBp: number }> };

/** A document line for a picked item: negative when it comes back, positive when the customer takes it. */
function lineOf(p: Picked, sign: 1 | -1, staffId: string | null): SaleLineInput {
  return { id: uuidv7(), variantId: p.item.variantId, description: p.item.name.slice(0, 200), quantity: sign * p.quantity, unitPrice: p.item.price, taxes: p.taxes, ...(staffId ? { soldByStaffId: staffId } : {}) };
}

/**
 * Returns against a receipt (looked up on the server: it knows what was returned already) or
 * without one (permission and a reason). The return itself is committed like a sale: on the device
 * first, with its own receipt number, then sent by the outbox.
 */
export default function ReturnsScreen({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { db, api, device, session, engine, pricing } = useRegister();
  const locale = intlLocale(i18n.language);
  const money = (amount: number) => formatMoney(amount, pricing.currency, locale);
  const count = (milli: number, weighed: boolean) => (weighed ? `${formatMilli(milli, locale)} kg` : String(milli / 1000));
  const token = session?.token ?? null;
  const approval = useApproval();
  const [mode, setMode] = useState<'receipt' | 'noReceipt'>('receipt');
  const [query, setQuery] = useState('');
  const [original, setOriginal] = useState<RecordedSale | null>(null);
  const [lines, setLines] = useState<ReturnableLine[]>([]);
  const [picks, setPicks] = useState<Map<string, number>>(new Map());
  const [picked, setPicked] = useState<Picked[]>([]);
  const [taken, setTaken] = useState<Picked[]>([]);
  const [reason, setReason] = useState<(typeof REASONS)[number]>('no_receipt');
  const [tender, setTender] = useState<RefundTender>('cash');
  const [message, setMessage] = useState<string | null>(null);
  // What the terminal is doing while money goes back to the card.
  const [progress, setProgress] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A refund cannot be undone (UI.md): the amount is confirmed once more before it is committed.
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState<{ local: LocalSale; totals: SaleTotals } | null>(null);

  function reset(next: 'receipt' | 'noReceipt' = mode) {
    setMode(next);
    setQuery('');
    setOriginal(null);
    setLines([]);
    setPicks(new Map());
    setPicked([]);
    setTaken([]);
    setMessage(null);
    setDone(null);
    setAsking(false);
    setTender('cash');
  }

  async function lookup() {
    if (!device || !query.trim() || busy) return;
    setBusy(true);
    setMessage(null);
    const text = query.trim();
    const params = /^\d{1,9}$/.test(text) ? `registerId=${device.registerId}&receiptNumber=${text}` : `code=${encodeURIComponent(text.replace(/\s/g, ''))}`;
    const answer = await api.call<RecordedSale>('GET', `/api/v1/sales/lookup?${params}`, { token });
    setBusy(false);
    if (!answer.ok) return setMessage(answer.error.status === 0 ? t('shift.networkNeeded') : answer.error.status === 404 ? t('returns.notFound', { query: text }) : t('shift.failed', { message: answer.error.message }));
    const sale = answer.value;
    if (sale.kind !== 'sale') return setMessage(t('returns.notASale', { kind: sale.kind }));
    const taxes = await originalLineTaxes(db, sale);
    const pending = await pendingReturnedMilli(db, sale.id);
    setOriginal(sale);
    setLines(returnableLines(sale, pending, (id) => taxes.get(id) ?? []));
    setPicks(new Map());
    const paidByCard = sale.tenders.some((x) => x.type === 'card' && x.amount > 0) && !sale.tenders.some((x) => x.type === 'cash' && x.amount > 0);
    setTender(paidByCard ? 'card' : 'cash');
  }

  function pick(line: ReturnableLine, milli: number) {
    setAsking(false);
    setPicks((current) => new Map(current).set(line.lineId, clampPick(line, milli)));
  }

  const returnLines: SaleLineInput[] = useMemo(() => {
    const staffId = session?.staffId ?? null;
    if (mode === 'receipt') return original ? buildReturnLines(lines, picks, original.id, uuidv7, staffId) : [];
    return picked.map((p) => lineOf(p, -1, staffId));
  }, [mode, original, lines, picks, picked, session?.staffId]);
  // An exchange: the items the customer takes instead, in the same document (SELLING.md).
  const takenLines: SaleLineInput[] = useMemo(() => taken.map((p) => lineOf(p, 1, session?.staffId ?? null)), [taken, session?.staffId]);
  const allLines = useMemo(() => (returnLines.length ? [...returnLines, ...takenLines] : []), [returnLines, takenLines]);
  const kind = takenLines.length && returnLines.length ? ('exchange' as const) : ('return' as const);
  const refund = useMemo(() => (allLines.length ? refundTotals(allLines, tender, pricing) : null), [allLines, tender, pricing]);
  const due = refund ? refund.totals.payment?.amountDue ?? refund.totals.total : 0;

  /**
   * allow: go; approve: a manager's PIN here first (the outbox sends the return later; a refund on
   * the terminal uses the approval at once); deny: refused. Null when not permitted.
   */
  async function permitted(permission: string): Promise<{ approval: string | null } | null> {
    const me = await api.call<{ permissions: Record<string, string> }>('GET', '/api/v1/auth/me', { token });
    if (!me.ok) {
      setMessage(me.error.status === 0 ? t('shift.networkNeeded') : t('shift.failed', { message: me.error.message }));
      return null;
    }
    const decision = me.value.permissions[permission];
    if (decision === 'allow') return { approval: null };
    if (decision === 'approve') {
      const approved = await approval.approve(permission);
      return approved === null ? null : { approval: approved };
    }
    setMessage(t('approval.denied'));
    return null;
  }

  /**
   * Money back to the card that paid, through the terminal (a referenced refund of the original
   * payment, PAYMENTS.md): the return is committed only once the refund is approved, and its card
   * tender names the refund. Null when it did not go through (the message says why).
   */
  async function refundOnTerminal(paymentId: string, returnId: string, amount: number, approvalToken: string | null): Promise<string | null> {
    if (!device || !token) return null;
    setProgress(t('returns.refundingCard', { amount: money(amount) }));
    try {
      return await refundAndFollow(paymentId, returnId, amount, approvalToken);
    } finally {
      setProgress(null);
    }
  }

  async function refundAndFollow(paymentId: string, returnId: string, amount: number, approvalToken: string | null): Promise<string | null> {
    if (!device || !token) return null;
    const refundId = uuidv7();
    const headers = approvalToken ? { 'x-kassa-approval': approvalToken } : undefined;
    const started = await refundCardPayment(api, token, paymentId, { id: refundId, amount, saleId: returnId, registerId: device.registerId }, headers);
    if (!started.ok) {
      setMessage(started.error.status === 0 ? t('shift.networkNeeded') : t('returns.cardRefundRefused', { message: started.error.message }));
      return null;
    }
    const final = isFinal(started.value) ? started.value : await followToOutcome(api, token, refundId);
    if (final?.state === 'approved') return refundId;
    setMessage(final?.state === 'declined' || final?.state === 'cancelled' ? t('returns.cardRefundDeclined', { message: final.failure?.message ?? '' }) : t('returns.cardRefundUnknown'));
    return null;
  }

  async function confirm() {
    if (!device || !refund || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const allowed = await permitted(mode === 'receipt' ? 'sales.refund' : 'sales.refund.without_receipt');
      if (!allowed) return;
      if (token && !(await seedReceiptCounter(db, api, token, device.registerId, kind))) return setMessage(t('shift.networkNeeded'));
      const id = uuidv7();
      let tenders = refund.tenders;
      const paidBack = -refund.totals.total;
      const paymentId = tender === 'card' && mode === 'receipt' && paidBack > 0 ? terminalPaymentFor(original, paidBack) : null;
      if (paymentId) {
        const refundId = await refundOnTerminal(paymentId, id, paidBack, allowed.approval);
        if (!refundId) return;
        tenders = tenders.map((x) => (x.type === 'card' ? { ...x, reference: refundId } : x));
      }
      const now = new Date().toISOString();
      const doc = {
        id,
        kind,
        storeId: device.storeId,
        registerId: device.registerId,
        currency: pricing.currency,
        deviceTime: now,
        staffId: session?.staffId ?? null,
        ...(mode === 'receipt' && original ? { originalSaleId: original.id } : { reasonCode: reason }),
        lines: allLines,
        tenders,
        totals: { total: refund.totals.total, taxTotal: refund.totals.taxTotal, rounding: refund.totals.payment?.cashRounding ?? 0, change: refund.totals.payment?.change ?? 0 },
      };
      const local = await commitReturn(db, doc, session?.name ?? null, now);
      engine?.kick();
      setDone({ local, totals: refund.totals });
    } catch (error) {
      setMessage(t('returns.commitFailed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  }

  async function addItem(item: LocalItem, to: typeof setPicked) {
    const taxes = await taxesFor(db, item.taxClass);
    to((list) => {
      const same = list.find((p) => p.item.variantId === item.variantId);
      return same ? list.map((p) => (p === same ? { ...p, quantity: p.quantity + 1 } : p)) : [...list, { item, quantity: 1, taxes }];
    });
  }

  return (
    <div className="overlay screen" role="dialog" aria-modal="true" aria-labelledby="returns-title" onKeyDown={(e) => e.key === 'Escape' && !busy && onClose()}>
      <section className="card wide screen-card" data-testid="returns-screen" tabIndex={-1} ref={focusOnOpen}>
        <div className="row heading-row">
          <h2 id="returns-title" className="grow">{t('returns.title')}</h2>
          {!done && (
            <button type="button" className="btn secondary" onClick={() => reset(mode === 'receipt' ? 'noReceipt' : 'receipt')}>
              {mode === 'receipt' ? t('returns.withoutReceipt') : t('returns.withReceipt')}
            </button>
          )}
          <button type="button" className="btn secondary" onClick={onClose}>{t('menu.close')}</button>
        </div>
        {message && <p className="banner bad" role="alert" data-testid="returns-message">{message}</p>}
        {progress && <p className="banner" role="status" data-testid="returns-progress">{progress}</p>}
        {done && <ReturnReceipt db={db} local={done.local} totals={done.totals} onNew={() => reset()} onDone={onClose} />}

        {!done && mode === 'receipt' && (
          <>
            <form className="row" onSubmit={(e) => { e.preventDefault(); void lookup(); }}>
              <label className="field grow">
                {t('returns.receipt')}
                <input value={query} onChange={(e) => setQuery(e.target.value)} name="receipt" autoFocus autoComplete="off" aria-describedby="receipt-hint" />
                <span id="receipt-hint" className="muted small-text">{t('returns.receiptHint')}</span>
              </label>
              <button type="submit" className="btn primary" disabled={busy || !query.trim()}>{t('returns.find')}</button>
            </form>
            {original && (
              <>
                <p className="muted" data-testid="original-receipt">{t('returns.original', { number: original.receiptNumber, date: new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(original.deviceTime)) })}</p>
                <ul className="plain return-lines">
                  {lines.map((line) => {
                    const chosen = picks.get(line.lineId) ?? 0;
                    return (
                      <li key={line.lineId} className="return-line" data-testid="return-line">
                        <span className="grow">
                          <strong>{line.description}</strong>
                          <br />
                          <span className="muted">{t('returns.sold', { count: count(line.soldMilli, line.weighed) })} · {line.returnableMilli > 0 ? <span data-testid="returnable">{t('returns.returnable', { count: count(line.returnableMilli, line.weighed) })}</span> : <span data-testid="returnable">{t('returns.nothingLeft')}</span>}</span>
                        </span>
                        {line.weighed ? (
                          <label className="row"><input type="checkbox" checked={chosen > 0} disabled={line.returnableMilli === 0} onChange={(e) => pick(line, e.target.checked ? line.returnableMilli : 0)} /> {t('returns.wholeLine')}</label>
                        ) : (
                          <span className="stepper">
                            <button type="button" className="btn small" onClick={() => pick(line, chosen - 1000)} disabled={chosen === 0} aria-label={t('returns.less', { name: line.description })}>−</button>
                            <output className="qty" aria-label={t('returns.returnQty')} data-testid="return-qty">{chosen / 1000}</output>
                            <button type="button" className="btn small" onClick={() => pick(line, chosen + 1000)} disabled={chosen >= line.returnableMilli} aria-label={t('returns.more', { name: line.description })}>+</button>
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
                <details className="exchange">
                  <summary className="btn">{t('returns.exchange')}</summary>
                  <ItemPicker db={db} label={t('returns.exchangeSearch')} money={money} onPick={(item) => void addItem(item, setTaken)} />
                  <ul className="plain return-lines">
                    {taken.map((p) => (
                      <li key={p.item.variantId} className="return-line" data-testid="exchange-line">
                        <span className="grow">{p.quantity}× {p.item.name} · {money(p.item.price * p.quantity)}</span>
                        <button type="button" className="btn small" onClick={() => setTaken((list) => list.filter((x) => x !== p))} aria-label={t('returns.remove', { name: p.item.name })}>✕</button>
                      </li>
                    ))}
                  </ul>
                </details>
              </>
            )}
          </>
        )}

        {!done && mode === 'noReceipt' && (
          <>
            <label className="field">
              {t('returns.reason')}
              <select value={reason} onChange={(e) => setReason(e.target.value as (typeof REASONS)[number])} name="reason">
                {REASONS.map((r) => <option key={r} value={r}>{t(`returns.reason_${r}`)}</option>)}
              </select>
            </label>
            <ItemPicker db={db} label={t('returns.search')} money={money} onPick={(item) => void addItem(item, setPicked)} />
            <ul className="plain return-lines">
              {picked.map((p) => (
                <li key={p.item.variantId} className="return-line" data-testid="return-line">
                  <span className="grow">{p.quantity}× {p.item.name}</span>
                  <button type="button" className="btn small" onClick={() => setPicked((list) => list.filter((x) => x !== p))} aria-label={t('returns.remove', { name: p.item.name })}>✕</button>
                </li>
              ))}
            </ul>
          </>
        )}

        {!done && (original || mode === 'noReceipt') && (
          <div className="refund-box">
            <fieldset className="plain-fieldset">
              <legend>{due > 0 ? t('returns.payVia') : t('returns.refundVia')}</legend>
              <div className="row">
                <label className="btn"><input type="radio" name="refund-tender" checked={tender === 'cash'} onChange={() => setTender('cash')} /> {t('returns.refundCash')}</label>
                <label className="btn"><input type="radio" name="refund-tender" checked={tender === 'card'} onChange={() => setTender('card')} /> {t('returns.refundCard')}</label>
              </div>
            </fieldset>
            {!refund && <p className="muted">{t('returns.nothingPicked')}</p>}
            {refund && !asking && (
              <button type="button" className="btn primary wide-button" onClick={() => setAsking(true)} disabled={busy} data-testid="confirm-return">
                {due > 0 ? t('returns.confirmPay', { amount: money(due) }) : t('returns.confirm', { amount: money(-due) })}
              </button>
            )}
            {refund && asking && (
              <div className="banner warn" role="alertdialog" aria-labelledby="refund-question">
                <p id="refund-question">{t(due > 0 ? 'returns.sureExchange' : 'returns.sure', { amount: money(Math.abs(due)), tender: t(tender === 'cash' ? 'returns.refundCash' : 'shift.tender_card') })}</p>
                <div className="row">
                  <button type="button" className="btn primary" onClick={() => { setAsking(false); void confirm(); }} disabled={busy} data-testid="confirm-return-yes" autoFocus>{t('returns.yes')}</button>
                  <button type="button" className="btn secondary" onClick={() => setAsking(false)}>{t('shift.back')}</button>
                </div>
              </div>
            )}
          </div>
        )}
      </section>
      {approval.prompt}
    </div>
  );
}
