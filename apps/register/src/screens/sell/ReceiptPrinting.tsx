import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from '../../app/register-context.tsx';
import type { LocalSale } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { printHtml, printJob, printReceipt, receiptHtml, registerPrinters, reprintReceipt, type NetworkPrinter } from '../../sale/receipt-print.ts';

type Action = { kind: 'print' | 'reprint'; printer: NetworkPrinter | null; id: string };
type Shown =
  | { kind: 'waitingForServer' }
  | { kind: 'printing'; printer: string }
  | { kind: 'printed'; printer: string }
  | { kind: 'printerTrouble'; printer: string; error: string }
  | { kind: 'failed'; message: string }
  | null;

/**
 * Printing a receipt: in the browser (80 mm print view) or on the register's network printer through
 * the server's print jobs. The first print is the original; every later one is a counted reprint,
 * marked "DUPLICAAT n"/"COPY n". The server prints from the recorded sale, so printing waits until
 * the sale has arrived there (it is sent right after the payment).
 */
export function ReceiptPrinting({ sale, synced, onCopy }: { sale: LocalSale; synced: boolean; onCopy(copyNumber: number): void }) {
  const { t, i18n } = useTranslation();
  const { api, device, session, engine, status } = useRegister();
  const [printers, setPrinters] = useState<NetworkPrinter[]>([]);
  const [printed, setPrinted] = useState(false);
  const [pending, setPending] = useState<Action | null>(null);
  const [shown, setShown] = useState<Shown>(null);
  const running = useRef<string | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const token = session?.token ?? null;

  useEffect(() => {
    if (!token || !device) return;
    void registerPrinters(api, token, device.registerId).then((found) => found && setPrinters(found));
  }, [api, token, device]);

  // A print that waited for the sale to reach the server goes out as soon as it has.
  useEffect(() => {
    if (pending && synced && running.current !== pending.id) void run(pending);
  }, [pending, synced]);

  async function follow(jobId: string, printer: string) {
    for (let i = 0; i < 60 && alive.current; i += 1) {
      const answer = token ? await printJob(api, token, jobId) : null;
      if (answer?.ok && answer.value.status === 'done') return setShown({ kind: 'printed', printer });
      if (answer?.ok && answer.value.lastError) setShown({ kind: 'printerTrouble', printer, error: answer.value.lastError });
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  async function run(action: Action) {
    if (!token) return;
    running.current = action.id;
    const printerName = action.printer?.name ?? '';
    if (action.kind === 'print' && action.printer) {
      setShown({ kind: 'printing', printer: printerName });
      const answer = await printReceipt(api, token, sale.id, { id: action.id, printerId: action.printer.id, locale: i18n.language === 'en' ? 'en' : 'nl' });
      setPending(null);
      if (!answer.ok) return setShown({ kind: 'failed', message: answer.error.message });
      setPrinted(true);
      return follow(action.id, printerName);
    }
    const answer = await reprintReceipt(api, token, sale.id, { id: action.id, deviceTime: new Date().toISOString(), staffId: session?.staffId ?? null, ...(action.printer ? { printerId: action.printer.id } : {}) });
    setPending(null);
    if (!answer.ok) return setShown({ kind: 'failed', message: answer.error.message });
    onCopy(answer.value.copyNumber);
    if (!action.printer) {
      setShown(null);
      return browserPrintOf(answer.value.copyNumber);
    }
    setShown({ kind: 'printing', printer: printerName });
    if (answer.value.printJobId) await follow(answer.value.printJobId, printerName);
  }

  function request(kind: Action['kind'], printer: NetworkPrinter | null) {
    const action = { kind, printer, id: uuidv7() };
    if (!synced) {
      setShown({ kind: 'waitingForServer' });
      engine?.kick();
    }
    setPending(action);
  }

  /** The server's full 80 mm receipt once the sale is there; offline, this screen's own receipt (print CSS). */
  async function browserPrintOf(copyNumber?: number) {
    const html = synced && token ? await receiptHtml(token, sale.id, i18n.language === 'en' ? 'en' : 'nl', copyNumber) : null;
    if (html) printHtml(html);
    // Let a copy marker render before the browser's print dialog takes the page.
    else setTimeout(() => window.print(), 50);
  }

  function browserPrint() {
    if (printed) return request('reprint', null);
    setPrinted(true);
    void browserPrintOf();
  }

  const copy = printed;
  return (
    <div className="print-tools no-print">
      <div className="row">
        <button type="button" className="btn" onClick={browserPrint} disabled={pending !== null || (copy && !status.online)} data-testid="print-browser">
          {copy ? t('printing.copyBrowser') : t('receipt.print')}
        </button>
        {printers.slice(0, 1).map((printer) => (
          <button type="button" key={printer.id} className="btn" onClick={() => request(copy ? 'reprint' : 'print', printer)} disabled={pending !== null || !status.online} data-testid="print-network">
            {copy ? t('printing.copyOn', { name: printer.name }) : t('printing.printOn', { name: printer.name })}
          </button>
        ))}
      </div>
      {copy && !status.online && <p className="muted">{t('printing.copyNeedsNetwork')}</p>}
      {shown && (
        <p className={`banner ${shown.kind === 'printed' ? 'ok' : shown.kind === 'failed' || shown.kind === 'printerTrouble' ? 'bad' : 'warn'}`} role="status" data-testid="print-state" data-state={shown.kind}>
          {shown.kind === 'waitingForServer' && t('printing.waitingForServer')}
          {shown.kind === 'printing' && t('printing.printing', { name: shown.printer })}
          {shown.kind === 'printed' && `✓ ${t('printing.printed', { name: shown.printer })}`}
          {shown.kind === 'printerTrouble' && t('printing.printerTrouble', { name: shown.printer, error: shown.error })}
          {shown.kind === 'failed' && t('printing.failed', { message: shown.message })}
        </p>
      )}
    </div>
  );
}
