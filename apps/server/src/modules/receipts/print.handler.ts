import type { Kysely } from 'kysely';
import type { ClaimedJob, JobContext } from '../../jobs/index.ts';
import type { DB } from '../../db/schema.ts';
import { loadReceipt } from './load-receipt.ts';
import type { PrintJobPayload } from './print-jobs.ts';
import { findPrinter } from './printers.repository.ts';
import { drawerKickBytes, receiptEscPos } from '@kassa/domain/receipt-printing';
import { PrinterError, sendToPrinter } from './tcp-printer.ts';

async function markLedger(db: Kysely<DB>, jobId: string, printerId: string, bytes: number, status: 'sending' | 'printed', now: string): Promise<void> {
  await db
    .insertInto('print_ledger')
    .values({ job_id: jobId, printer_id: printerId, bytes, status, attempts: 1, updated_at: now })
    .onConflict((oc) => oc.column('job_id').doUpdateSet((eb) => ({ status, bytes, updated_at: now, attempts: status === 'sending' ? eb('print_ledger.attempts', '+', 1) : eb.ref('print_ledger.attempts') })))
    .execute();
}

async function bytesFor(db: Kysely<DB>, job: ClaimedJob, payload: PrintJobPayload, width: 58 | 80): Promise<Uint8Array> {
  if (!payload.saleId) return drawerKickBytes();
  const loaded = await loadReceipt(db, job.organisationId ?? '', payload.saleId, { locale: payload.locale, copyNumber: payload.copyNumber });
  if (!loaded) throw new Error(`sale ${payload.saleId} not found`);
  return receiptEscPos(loaded.document, { width, openDrawer: payload.openDrawer, jobId: job.id });
}

/**
 * Prints a receipt (or only kicks the drawer) on a network printer, once per job id. A dumb TCP
 * printer cannot be asked what it printed, so the ledger keyed by the job id is the truth: a job
 * is marked printed only after every byte was written and the socket closed cleanly, and a job
 * marked printed is never sent again, whatever retries follow. A printer that was off (nothing
 * written) is retried by the outbox with the same job id.
 */
export async function printJob(job: ClaimedJob, { db, clock, signal }: JobContext): Promise<void> {
  const payload = job.payload as PrintJobPayload;
  const ledger = await db.selectFrom('print_ledger').select('status').where('job_id', '=', job.id).executeTakeFirst();
  if (ledger?.status === 'printed') return;
  const printer = await findPrinter(db, job.organisationId ?? '', payload.printerId);
  if (!printer) throw new Error(`printer ${payload.printerId} is not configured`);
  const bytes = await bytesFor(db, job, payload, Number(printer.width) as 58 | 80);
  await markLedger(db, job.id, printer.id, bytes.length, 'sending', clock.now().toISOString());
  try {
    await sendToPrinter(printer.host, Number(printer.port), bytes, { timeoutMs: 10_000, signal });
  } catch (error) {
    // Every byte left us before the error: the printer has the whole job; sending it again would print it twice.
    if (!(error instanceof PrinterError && error.written)) throw error;
  }
  await markLedger(db, job.id, printer.id, bytes.length, 'printed', clock.now().toISOString());
}
