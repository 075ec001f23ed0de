import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openDrawerOnDevice } from '../../print/direct-print.ts';
import type { Shift } from '@kassa/contracts';
import { useRegister } from '../../app/register-context.tsx';
import { focusOnOpen } from '../menu/focus.ts';
import { localShift, refreshShift, setLocalShift, toLocalShift, type LocalShift } from '../../cash/local-shift.ts';
import { parseAmount } from '../../cash/money-input.ts';
import type { XReportData, ZReport } from '../../cash/report-types.ts';
import { formatMoney, formatTime, intlLocale } from '../../lib/format.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import type { ApiError, ApiResult } from '../../sync/api.ts';
import { outboxCounts } from '../../sync/outbox.ts';
import { useApproval } from './approval.tsx';
import { countLines, countTotal, type Counts } from '../../cash/count.ts';
import { DenominationCount } from './DenominationCount.tsx';
import { XReportView, ZReportView } from './ShiftReports.tsx';

type View = { kind: 'main' } | { kind: 'movement'; movement: 'pay_in' | 'pay_out' } | { kind: 'x'; report: XReportData } | { kind: 'close' } | { kind: 'z'; report: ZReport };

/**
 * Shift and drawer: open with a counted float, pay in / out, no-sale, X report, blind close → Z.
 * These commands go straight to the server (they need the network); each carries its own id, kept
 * until it succeeds, so a retry after a lost answer replays instead of doing it twice.
 */
export default function ShiftScreen({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { db, api, device, session, engine, pricing, status } = useRegister();
  const locale = intlLocale(i18n.language);
  const currency = pricing.currency;
  const money = (amount: number) => formatMoney(amount, currency, locale);
  const [shift, setShift] = useState<LocalShift | null | undefined>(undefined);
  const [view, setView] = useState<View>({ kind: 'main' });
  const [counts, setCounts] = useState<Counts>({});
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [card, setCard] = useState('');
  const [kept, setKept] = useState('');
  // The store's own tenders counted at close (e.g. "Op rekening"), by name → typed amount.
  const [customTenders, setCustomTenders] = useState<string[]>([]);
  const [customCounts, setCustomCounts] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const commandId = useRef<string | null>(null);
  const approval = useApproval();
  const token = session?.token ?? null;

  useEffect(() => {
    void localShift(db).then(setShift);
    if (device && token) void refreshShift(db, api, token, device.registerId).then(setShift);
  }, [db, api, device, token]);

  useEffect(() => {
    if (view.kind !== 'close' || !device || !token) return;
    void api.call<{ items: Array<{ name: string; active: boolean; countedAtClose: boolean }> }>('GET', `/api/v1/stores/${device.storeId}/tenders`, { token }).then((answer) => {
      if (answer.ok) setCustomTenders(answer.value.items.filter((x) => x.active && x.countedAtClose).map((x) => x.name));
    });
  }, [view.kind, api, device, token, status.online]);

  const idOf = () => (commandId.current ??= uuidv7());
  function go(next: View) {
    commandId.current = null;
    setCounts({});
    setAmountText('');
    setReason('');
    setCard('');
    setKept('');
    setCustomCounts({});
    setConfirming(false);
    setView(next);
  }

  function explain(error: ApiError, approved: boolean) {
    // Refused even with a manager's approval: the approver may not do it in this store either.
    const forbidden = approved ? t('shift.approvalNotAccepted') : t('approval.denied');
    setMessage({ tone: 'bad', text: error.status === 0 ? t('shift.networkNeeded') : error.status === 403 ? forbidden : t('shift.failed', { message: error.message }) });
  }

  /** Runs one command; null when it failed (the message says why) or a manager did not approve. */
  async function command<T>(attempt: (headers?: Record<string, string>) => Promise<ApiResult<T>>): Promise<T | null> {
    if (busy) return null;
    setBusy(true);
    setMessage(null);
    try {
      let approved = false;
      const answer = await approval.run((headers) => {
        approved = headers !== undefined;
        return attempt(headers);
      });
      if (!answer) return null;
      if (!answer.ok) {
        explain(answer.error, approved);
        const code = answer.error.code;
        if (code === 'CASH_SHIFT_ALREADY_OPEN' || code === 'CASH_SHIFT_NOT_FOUND' || code === 'CASH_SHIFT_CLOSED') {
          // Another device opened or closed the shift: show what the server has now.
          if (device && token) setShift(await refreshShift(db, api, token, device.registerId));
          go({ kind: 'main' });
          setMessage({ tone: 'bad', text: t(code === 'CASH_SHIFT_ALREADY_OPEN' ? 'shift.alreadyOpen' : 'shift.refreshed') });
        }
        return null;
      }
      commandId.current = null;
      return answer.value;
    } finally {
      setBusy(false);
    }
  }

  async function openShift() {
    if (!device) return;
    const body = { id: idOf(), deviceTime: new Date().toISOString(), float: { denominations: countLines(counts) } };
    const opened = await command<Shift>((headers) => api.call('POST', `/api/v1/registers/${device.registerId}/shifts`, { body, token, ...(headers ? { headers } : {}) }));
    if (!opened) return;
    const local = toLocalShift(opened);
    await setLocalShift(db, local);
    setShift(local);
    go({ kind: 'main' });
  }

  async function recordMovement(movement: 'pay_in' | 'pay_out') {
    if (!shift) return;
    const amount = parseAmount(amountText, currency);
    if (!amount || !reason.trim()) return setMessage({ tone: 'bad', text: t('shift.invalidAmount') });
    const body = { id: idOf(), kind: movement, amount, reason: reason.trim(), deviceTime: new Date().toISOString() };
    const done = await command((headers) => api.call('POST', `/api/v1/shifts/${shift.id}/movements`, { body, token, ...(headers ? { headers } : {}) }));
    if (!done) return;
    go({ kind: 'main' });
    setMessage({ tone: 'ok', text: t('shift.recorded', { kind: t(movement === 'pay_in' ? 'shift.payIn' : 'shift.payOut'), amount: money(amount) }) });
  }

  async function noSale() {
    if (!shift) return;
    const body = { id: idOf(), deviceTime: new Date().toISOString() };
    const done = await command((headers) => api.call('POST', `/api/v1/shifts/${shift.id}/no-sales`, { body, token, ...(headers ? { headers } : {}) }));
    if (done) setMessage({ tone: 'ok', text: t('shift.noSaleDone') });
    // Recorded and journaled by the server (which kicks a network printer's drawer); a drawer on this device's printer opens here.
    if (done) void openDrawerOnDevice(db);
  }

  async function xReport() {
    if (!shift) return;
    const report = await command<XReportData>(() => api.call('GET', `/api/v1/shifts/${shift.id}/x-report`, { token }));
    if (report) go({ kind: 'x', report });
  }

  async function closeShift() {
    if (!shift) return;
    // Sales still in the outbox would miss this Z (they would arrive flagged SHIFT_CLOSED): send them first.
    await engine?.drain();
    const { pending } = await outboxCounts(db);
    if (pending > 0) {
      setConfirming(false);
      return setMessage({ tone: 'bad', text: t('shift.waitingSales', { count: pending }) });
    }
    const cardAmount = card.trim() === '' ? 0 : parseAmount(card, currency);
    const keptAmount = kept.trim() === '' ? undefined : parseAmount(kept, currency);
    const custom = customTenders.map((name) => ({ type: 'custom', name, amount: (customCounts[name] ?? '').trim() === '' ? 0 : parseAmount(customCounts[name]!, currency) }));
    if (cardAmount === null || keptAmount === null || custom.some((c) => c.amount === null)) {
      setConfirming(false);
      return setMessage({ tone: 'bad', text: t('shift.invalidAmount') });
    }
    const body = {
      id: idOf(),
      deviceTime: new Date().toISOString(),
      counted: [{ type: 'cash', denominations: countLines(counts) }, { type: 'card', amount: cardAmount }, ...custom],
      ...(keptAmount !== undefined ? { keptInDrawer: keptAmount } : {}),
    };
    const report = await command<ZReport>((headers) => api.call('POST', `/api/v1/shifts/${shift.id}/close`, { body, token, ...(headers ? { headers } : {}) }));
    if (!report) return setConfirming(false);
    await setLocalShift(db, null);
    setShift(null);
    go({ kind: 'z', report });
  }

  return (
    <div className="overlay screen" role="dialog" aria-modal="true" aria-labelledby="shift-title" onKeyDown={(e) => e.key === 'Escape' && !busy && onClose()}>
      <section className="card wide screen-card" data-testid="shift-screen" tabIndex={-1} ref={focusOnOpen}>
        <div className="row heading-row">
          <h2 id="shift-title" className="grow">{t('shift.title')}</h2>
          <button type="button" className="btn secondary" onClick={onClose}>{t('menu.close')}</button>
        </div>
        {message && <p className={`banner ${message.tone === 'ok' ? 'ok' : 'bad'}`} role={message.tone === 'ok' ? 'status' : 'alert'} data-testid="shift-message">{message.text}</p>}
        {shift === undefined && <p>{t('app.loading')}</p>}

        {shift === null && view.kind === 'main' && (
          <form onSubmit={(e) => { e.preventDefault(); void openShift(); }}>
            <p>{t('shift.none')}</p>
            <h3>{t('shift.openTitle')}</h3>
            <DenominationCount currency={currency} counts={counts} onChange={setCounts} testId="float-count" />
            <button type="submit" className="btn primary wide-button" disabled={busy} data-testid="open-shift">{t('shift.openSubmit', { amount: money(countTotal(currency, counts)) })}</button>
          </form>
        )}

        {shift && view.kind === 'main' && (
          <>
            <p className="big-line" data-testid="shift-state">{t('shift.open', { time: formatTime(shift.openedAt, locale) })} · {t('shift.openingFloat')} {money(shift.openingFloat)}</p>
            <div className="grid-buttons">
              <button type="button" className="btn" onClick={() => go({ kind: 'movement', movement: 'pay_in' })}>{t('shift.payIn')}</button>
              <button type="button" className="btn" onClick={() => go({ kind: 'movement', movement: 'pay_out' })}>{t('shift.payOut')}</button>
              <button type="button" className="btn" onClick={() => void noSale()} disabled={busy}>{t('shift.noSale')}</button>
              <button type="button" className="btn" onClick={() => void xReport()} disabled={busy}>{t('shift.xReport')}</button>
              <button type="button" className="btn danger" onClick={() => go({ kind: 'close' })}>{t('shift.closeShift')}</button>
            </div>
          </>
        )}

        {shift && view.kind === 'movement' && (
          <form onSubmit={(e) => { e.preventDefault(); void recordMovement(view.movement); }}>
            <h3>{t(view.movement === 'pay_in' ? 'shift.payIn' : 'shift.payOut')}</h3>
            <label className="field">{t('shift.amount')}<input inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} name="amount" autoFocus /></label>
            <label className="field">{t('shift.reason')}<input value={reason} maxLength={200} placeholder={t('shift.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} name="reason" /></label>
            <div className="row">
              <button type="submit" className="btn primary" disabled={busy || !amountText || !reason.trim()}>{t('shift.record')}</button>
              <button type="button" className="btn secondary" onClick={() => go({ kind: 'main' })}>{t('shift.back')}</button>
            </div>
          </form>
        )}

        {view.kind === 'x' && (
          <>
            <XReportView report={view.report} />
            <div className="row no-print">
              <button type="button" className="btn" onClick={() => window.print()}>{t('shift.print')}</button>
              <button type="button" className="btn primary" onClick={() => go({ kind: 'main' })}>{t('shift.back')}</button>
            </div>
          </>
        )}

        {shift && view.kind === 'close' && (
          <form onSubmit={(e) => { e.preventDefault(); setConfirming(true); }}>
            <h3>{t('shift.closeTitle')}</h3>
            <p className="muted">{t('shift.closeHint')}</p>
            <h4>{t('shift.cashCounted')}</h4>
            <DenominationCount currency={currency} counts={counts} onChange={setCounts} testId="close-count" />
            <label className="field">{t('shift.cardCounted')}<input inputMode="decimal" value={card} onChange={(e) => setCard(e.target.value)} name="card-counted" /></label>
            {customTenders.map((name) => (
              <label className="field" key={name}>{name}<input inputMode="decimal" value={customCounts[name] ?? ''} onChange={(e) => setCustomCounts((c) => ({ ...c, [name]: e.target.value }))} /></label>
            ))}
            <label className="field">{t('shift.kept')}<input inputMode="decimal" value={kept} onChange={(e) => setKept(e.target.value)} name="kept" /></label>
            {!confirming && (
              <div className="row">
                <button type="submit" className="btn danger" data-testid="close-shift">{t('shift.closeShift')}</button>
                <button type="button" className="btn secondary" onClick={() => go({ kind: 'main' })}>{t('shift.back')}</button>
              </div>
            )}
            {confirming && (
              <div className="banner warn" role="alertdialog" aria-label={t('shift.confirmClose')}>
                <p>{t('shift.confirmClose')}</p>
                <div className="row">
                  <button type="button" className="btn danger" onClick={() => void closeShift()} disabled={busy} data-testid="confirm-close">{t('shift.confirmYes')}</button>
                  <button type="button" className="btn secondary" onClick={() => setConfirming(false)}>{t('shift.back')}</button>
                </div>
              </div>
            )}
          </form>
        )}

        {view.kind === 'z' && (
          <>
            <ZReportView report={view.report} />
            <div className="row no-print">
              <button type="button" className="btn" onClick={() => window.print()}>{t('shift.print')}</button>
              <button type="button" className="btn primary" onClick={onClose} data-testid="z-done">{t('shift.done')}</button>
            </div>
          </>
        )}
      </section>
      {approval.prompt}
    </div>
  );
}
