import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleTotals } from '@kassa/domain';
import { renderHtml } from '@kassa/domain/receipt-printing';
import { useRegister } from '../../app/register-context.tsx';
import type { LocalSale } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';
import { openDrawerDirect, printDirect, type DirectPrintOutcome } from '../../print/direct-print.ts';
import { localReceiptDocument } from '../../print/local-receipt.ts';
import { loadDirectPrinter, type DirectPrinter } from '../../print/printer-settings.ts';
import { loadReceiptProfile } from '../../print/receipt-profile.ts';
import { paidInCash } from '../../print/receipt-bytes.ts';
import {
  kickDrawer,
  printHtml,
  printJob,
  printReceipt,
  receiptHtml,
  registerPrinters,
  reprintReceipt,
  type NetworkPrinter,
} from '../../sale/receipt-print.ts';

/** Where a print goes: the network printer (through the server), the printer attached to this device, or the browser. */
type Target =
  | { kind: 'network'; printer: NetworkPrinter }
  | { kind: 'direct'; printer: DirectPrinter }
  | { kind: 'browser' };
type Action = { kind: 'print' | 'reprint'; target: Target; id: string };
type Shown =
  | { kind: 'waitingForServer' }
  | { kind: 'printing'; printer: string }
  | { kind: 'printed'; printer: string }
  | { kind: 'printerTrouble'; printer: string; error: string }
  | { kind: 'directFailed'; printer: string; error: string }
  | { kind: 'failed'; message: string }
  | null;

const nameOf = (target: Target) => (target.kind === 'browser' ? '' : target.printer.name);

/**
 * Printing a receipt: in the browser (80 mm print view), on the register's network printer through
 * the server's print jobs, or directly on the USB, serial or Bluetooth printer paired with this
 * device (rendered here, so it prints offline too). The first print is the original; every later
 * one is a counted reprint, marked "DUPLICAAT n"/"COPY n".
 *
 * A reprint needs the server, also for the printer on this device: the copy number is counted per
 * sale across all registers and devices (receipt_copies), and a copy printed offline could only
 * guess it, so two copies could carry the same number. The server journals the reprint in the same
 * step, so no reprint is printed without its journal entry. Offline, the copy buttons say so.
 */
export function ReceiptPrinting({
  sale,
  totals,
  cashierName,
  synced,
  onCopy,
}: {
  sale: LocalSale;
  totals: SaleTotals;
  cashierName: string | null;
  synced: boolean;
  onCopy(copyNumber: number): void;
}) {
  const { t, i18n } = useTranslation();
  const { api, db, device, session, engine, status } = useRegister();
  const [printers, setPrinters] = useState<NetworkPrinter[]>([]);
  // undefined until read: the drawer waits to know whether this device has its own printer with the drawer.
  const direct = useLiveQuery<DirectPrinter | null | undefined>(() => loadDirectPrinter(db), [db], undefined);
  const [printed, setPrinted] = useState(false);
  const [pending, setPending] = useState<Action | null>(null);
  const [shown, setShown] = useState<Shown>(null);
  const running = useRef<string | null>(null);
  const alive = useRef(true);
  const drawerKicked = useRef(false);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const token = session?.token ?? null;

  // Read again when the network returns: a receipt shown offline offers the network printer once it can be reached.
  useEffect(() => {
    if (!token || !device || !status.online) return;
    void registerPrinters(api, token, device.registerId).then((found) => found && setPrinters(found));
  }, [api, token, device, status.online]);

  // The drawer opens as soon as a cash sale is done (the change is needed before any receipt), once:
  // through the printer on this device when it has the drawer, else through the register's network
  // printer as soon as the sale has reached the server (the server refuses a kick for a sale made
  // minutes ago, so a sale sent after an offline spell never opens the drawer later).
  useEffect(() => {
    if (!paidInCash(sale) || drawerKicked.current || direct === undefined) return;
    if (direct?.openDrawer) {
      drawerKicked.current = true;
      void openDrawerDirect(direct).then(
        (outcome) =>
          outcome.ok || setShown({ kind: 'directFailed', printer: direct.name, error: directError(outcome) }),
      );
      return;
    }
    if (printers.length === 0 || !synced || !token) return;
    drawerKicked.current = true;
    void kickDrawer(api, token, sale.id, uuidv7());
  }, [direct, sale, printers, synced, token, api]);

  // A print that waited for the sale to reach the server goes out as soon as it has.
  useEffect(() => {
    if (pending && synced && running.current !== pending.id) void run(pending);
  }, [pending, synced]);

  function directError(outcome: Extract<DirectPrintOutcome, { ok: false }>): string {
    return t(`directPrint.error_${outcome.code}`, { message: outcome.message });
  }

  async function follow(jobId: string, printer: string) {
    for (let i = 0; i < 60 && alive.current; i += 1) {
      const answer = token ? await printJob(api, token, jobId) : null;
      if (answer?.ok && answer.value.status === 'done') return setShown({ kind: 'printed', printer });
      if (answer?.ok && answer.value.lastError)
        setShown({ kind: 'printerTrouble', printer, error: answer.value.lastError });
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** Renders the receipt here and sends it to the printer on this device. */
  async function printOnDevice(printer: DirectPrinter, copyNumber: number | null) {
    setShown({ kind: 'printing', printer: printer.name });
    const outcome = await printDirect(db, printer, { sale, totals, cashierName, copyNumber });
    if (!alive.current) return;
    setShown(
      outcome.ok
        ? { kind: 'printed', printer: printer.name }
        : { kind: 'directFailed', printer: printer.name, error: directError(outcome) },
    );
  }

  async function run(action: Action) {
    if (!token) return;
    running.current = action.id;
    const { target } = action;
    if (action.kind === 'print' && target.kind === 'network') {
      setShown({ kind: 'printing', printer: nameOf(target) });
      const answer = await printReceipt(api, token, sale.id, {
        id: action.id,
        printerId: target.printer.id,
        locale: i18n.language === 'en' ? 'en' : 'nl',
      });
      setPending(null);
      if (!answer.ok) return setShown({ kind: 'failed', message: answer.error.message });
      setPrinted(true);
      return follow(action.id, nameOf(target));
    }
    const answer = await reprintReceipt(api, token, sale.id, {
      id: action.id,
      deviceTime: new Date().toISOString(),
      staffId: session?.staffId ?? null,
      ...(target.kind === 'network' ? { printerId: target.printer.id } : {}),
    });
    setPending(null);
    if (!answer.ok) return setShown({ kind: 'failed', message: answer.error.message });
    onCopy(answer.value.copyNumber);
    if (target.kind === 'browser') {
      setShown(null);
      return browserPrintOf(answer.value.copyNumber);
    }
    if (target.kind === 'direct') return printOnDevice(target.printer, answer.value.copyNumber);
    setShown({ kind: 'printing', printer: nameOf(target) });
    if (answer.value.printJobId) await follow(answer.value.printJobId, nameOf(target));
  }

  function request(kind: Action['kind'], target: Target) {
    const action = { kind, target, id: uuidv7() };
    if (!synced) {
      setShown({ kind: 'waitingForServer' });
      engine?.kick();
    }
    setPending(action);
  }

  /**
   * The server's full 80 mm receipt once the sale is there; before that (offline) the same receipt
   * rendered here from the store's kept receipt settings; without those, this screen (print CSS).
   */
  async function browserPrintOf(copyNumber?: number) {
    const html =
      synced && token
        ? await receiptHtml(token, sale.id, i18n.language === 'en' ? 'en' : 'nl', copyNumber)
        : null;
    if (html) return printHtml(html);
    const profile = await loadReceiptProfile(db);
    if (profile)
      return printHtml(
        renderHtml(
          localReceiptDocument(sale, totals, profile, { cashierName, copyNumber: copyNumber ?? null }),
          80,
        ),
      );
    // Let a copy marker render before the browser's print dialog takes the page.
    setTimeout(() => window.print(), 50);
  }

  function browserPrint() {
    if (printed) return request('reprint', { kind: 'browser' });
    setPrinted(true);
    void browserPrintOf();
  }

  /** The original prints at once, from the sale on this device (offline too); a copy is counted by the server first. */
  function directPrint(printer: DirectPrinter) {
    if (printed) return request('reprint', { kind: 'direct', printer });
    setPrinted(true);
    void printOnDevice(printer, null);
  }

  const copy = printed;
  return (
    <div className="print-tools no-print">
      <div className="row">
        {direct && (
          <button
            type="button"
            className="btn"
            onClick={() => directPrint(direct)}
            disabled={pending !== null || (copy && !status.online)}
            data-testid="print-direct"
          >
            {copy
              ? t('printing.copyOn', { name: direct.name })
              : t('printing.printOn', { name: direct.name })}
          </button>
        )}
        <button
          type="button"
          className="btn"
          onClick={browserPrint}
          disabled={pending !== null || (copy && !status.online)}
          data-testid="print-browser"
        >
          {copy ? t('printing.copyBrowser') : t('receipt.print')}
        </button>
        {printers.slice(0, 1).map((printer) => (
          <button
            type="button"
            key={printer.id}
            className="btn"
            onClick={() => request(copy ? 'reprint' : 'print', { kind: 'network', printer })}
            disabled={pending !== null || !status.online}
            data-testid="print-network"
          >
            {copy
              ? t('printing.copyOn', { name: printer.name })
              : t('printing.printOn', { name: printer.name })}
          </button>
        ))}
      </div>
      {copy && !status.online && <p className="muted">{t('printing.copyNeedsNetwork')}</p>}
      {shown && (
        <p
          className={`banner ${shown.kind === 'printed' ? 'ok' : shown.kind === 'failed' || shown.kind === 'printerTrouble' || shown.kind === 'directFailed' ? 'bad' : 'warn'}`}
          role="status"
          data-testid="print-state"
          data-state={shown.kind}
        >
          {shown.kind === 'waitingForServer' && t('printing.waitingForServer')}
          {shown.kind === 'printing' && t('printing.printing', { name: shown.printer })}
          {shown.kind === 'printed' && `✓ ${t('printing.printed', { name: shown.printer })}`}
          {shown.kind === 'printerTrouble' &&
            t('printing.printerTrouble', { name: shown.printer, error: shown.error })}
          {shown.kind === 'directFailed' &&
            t('directPrint.failed', { name: shown.printer, error: shown.error })}
          {shown.kind === 'failed' && t('printing.failed', { message: shown.message })}
        </p>
      )}
    </div>
  );
}
