import type { ApiClient, ApiResult } from '../sync/api.ts';

/**
 * Network receipt printing goes through the server (RECEIPTS.md): the register asks for a print
 * job, the server's outbox prints it once (retrying while the printer is off). The server renders
 * the receipt from the recorded sale, so a job can be asked for only once the sale has arrived.
 */
export interface NetworkPrinter {
  id: string;
  name: string;
  host: string;
  port: number;
  width: 58 | 80;
}

/** The server's job status (contracts `JobStatus`). */
export interface PrintJob {
  id: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  lastError: string | null;
}

/** The server's answer to a reprint (contracts `Reprint`). */
export interface Reprint {
  id: string;
  copyNumber: number;
  printJobId: string | null;
}

export async function registerPrinters(api: ApiClient, token: string, registerId: string): Promise<NetworkPrinter[] | null> {
  const answer = await api.call<{ items: NetworkPrinter[] }>('GET', `/api/v1/registers/${registerId}/printers`, { token });
  return answer.ok ? answer.value.items : null;
}

/** Queues the receipt on a printer; the job id makes a retry after a lost answer print nothing twice. */
export function printReceipt(api: ApiClient, token: string, saleId: string, body: { id: string; printerId: string; locale: 'nl' | 'en' }): Promise<ApiResult<PrintJob>> {
  return api.call<PrintJob>('POST', `/api/v1/sales/${saleId}/prints`, { token, body });
}

/** A reprint is counted and journaled on the server and marked "DUPLICAAT n"/"COPY n"; with a printer it is printed there too. */
/** Opens the drawer for a cash sale through the register's network printer (once per id; only shortly after the sale). */
export function kickDrawer(api: ApiClient, token: string, saleId: string, id: string): Promise<ApiResult<PrintJob>> {
  return api.call<PrintJob>('POST', `/api/v1/sales/${saleId}/drawer-kicks`, { token, body: { id } });
}

export function reprintReceipt(api: ApiClient, token: string, saleId: string, body: { id: string; deviceTime: string; staffId: string | null; printerId?: string }): Promise<ApiResult<Reprint>> {
  return api.call<Reprint>('POST', `/api/v1/sales/${saleId}/reprints`, { token, body });
}

export function printJob(api: ApiClient, token: string, jobId: string): Promise<ApiResult<PrintJob>> {
  return api.call<PrintJob>('GET', `/api/v1/jobs/${jobId}`, { token });
}

/** The server's 80 mm HTML receipt (the full legal receipt: shop, VAT and KvK numbers, receipt code), optionally as copy n. */
export async function receiptHtml(token: string, saleId: string, locale: 'nl' | 'en', copyNumber?: number): Promise<string | null> {
  try {
    const response = await fetch(`/api/v1/sales/${saleId}/receipt?format=html&width=80&locale=${locale}${copyNumber ? `&copy=${copyNumber}` : ''}`, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(10_000) });
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}

/**
 * Prints an HTML page through the browser's print dialog from a hidden frame, so the register's
 * screen stays as it is (`--kiosk-printing` prints without the dialog). The frame stays until the next print.
 */
export function printHtml(html: string): void {
  document.getElementById('kassa-print-frame')?.remove();
  const frame = document.createElement('iframe');
  frame.id = 'kassa-print-frame';
  frame.dataset.testid = 'print-frame';
  frame.title = 'receipt';
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0';
  frame.srcdoc = html;
  frame.onload = () => frame.contentWindow?.print();
  document.body.appendChild(frame);
}
