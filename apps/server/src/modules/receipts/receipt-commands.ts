import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { runCommand } from '../../db/run-command.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import { enqueueJob, findJob } from '../../jobs/index.ts';
import { appendJournalEntry, chainIdFor } from '../journal/index.ts';
import { enqueueDrawerKick, enqueuePrint, RECEIPT_JOB_TYPES, type PrintJobPayload } from './print-jobs.ts';
import { findPrinter } from './printers.repository.ts';
import './receipts.errors.ts';

export interface ReceiptCaller {
  organisationId: string;
  staffId: string | null;
}

const fail = (code: string, message: string, details?: Record<string, unknown>) => ({ ok: false as const, error: failure(code, message, details) });

export interface ReprintResult {
  id: string;
  saleId: string;
  copyNumber: number;
  journal: { seq: number; hash: string };
  printJobId: string | null;
}

/**
 * Records a reprint: the copy gets the next number for the sale ("DUPLICAAT n"), is journaled
 * (DOMAIN.md: reprints are journal entries) and, with a printer, printed through the outbox.
 * Idempotent by the reprint id.
 */
export async function reprintReceipt(db: Kysely<DB>, caller: ReceiptCaller, saleId: string, body: { id: string; deviceTime: string; staffId?: string | null; printerId?: string | null }, now: string): Promise<Outcome<ReprintResult>> {
  const hash = requestHash({ saleId, ...body });
  const stored = async (): Promise<Outcome<ReprintResult> | undefined> => {
    const row = await db.selectFrom('receipt_copies').selectAll().where('id', '=', body.id).executeTakeFirst();
    if (!row) return undefined;
    if (row.request_hash !== hash || row.organisation_id !== caller.organisationId) return fail('RECEIPTS_ID_REUSED', `Id ${body.id} was already used for another reprint.`);
    return { ok: true, value: { id: row.id, saleId: row.sale_id, copyNumber: row.copy_number, journal: { seq: Number(row.journal_seq), hash: row.journal_hash }, printJobId: row.print_job_id } };
  };
  const first = await stored();
  if (first) return first;
  return runCommand(
    db,
    async (trx) => {
      const sale = await trx.selectFrom('sales').select(['id', 'store_id', 'register_id', 'receipt_number', 'kind']).where('id', '=', saleId).where('organisation_id', '=', caller.organisationId).executeTakeFirst();
      if (!sale) return fail('RECEIPTS_SALE_NOT_FOUND', `Sale ${saleId} was not found.`);
      const printer = body.printerId ? await findPrinter(trx, caller.organisationId, body.printerId) : undefined;
      if (body.printerId && !printer) return fail('RECEIPTS_PRINTER_NOT_FOUND', `Printer ${body.printerId} is not configured.`, { field: 'printerId' });
      const last = await trx.selectFrom('receipt_copies').select((eb) => eb.fn.max('copy_number').as('n')).where('sale_id', '=', saleId).executeTakeFirst();
      const copyNumber = Number(last?.n ?? 0) + 1;
      const staffId = body.staffId ?? caller.staffId;
      const entry = await appendJournalEntry(trx, {
        organisationId: caller.organisationId,
        chainId: chainIdFor(caller.organisationId, sale.register_id),
        storeId: sale.store_id,
        registerId: sale.register_id,
        kind: 'receipt.reprinted',
        documentId: body.id,
        occurredAt: body.deviceTime,
        recordedAt: now,
        payload: { saleId, kind: sale.kind, receiptNumber: sale.receipt_number, copyNumber, staffId },
      });
      const printJobId = printer ? uuidv7() : null;
      if (printer && printJobId) await enqueuePrint(trx, { organisationId: caller.organisationId, jobId: printJobId, now, payload: { printerId: printer.id, saleId, locale: null, copyNumber, openDrawer: false } });
      await trx.insertInto('receipt_copies').values({ id: body.id, organisation_id: caller.organisationId, sale_id: saleId, copy_number: copyNumber, staff_id: staffId, request_hash: hash, journal_seq: entry.seq, journal_hash: entry.hash, print_job_id: printJobId, occurred_at: new Date(body.deviceTime).toISOString() }).execute();
      return { ok: true, value: { id: body.id, saleId, copyNumber, journal: { seq: entry.seq, hash: entry.hash }, printJobId } };
    },
    async () => (await stored()) ?? fail('RECEIPTS_ID_REUSED', 'Another reprint of this sale was recorded at the same moment: try again.'),
  );
}

/** Queues a print or e-mail job for a sale, idempotent by the job id the client chose. */
export async function queueReceiptJob(db: Kysely<DB>, caller: ReceiptCaller, saleId: string, job: { id: string; type: 'print' | 'email'; payload: Record<string, unknown> }, now: string): Promise<Outcome<{ id: string }>> {
  const payload = { saleId, ...job.payload };
  const type = job.type === 'print' ? RECEIPT_JOB_TYPES.print : RECEIPT_JOB_TYPES.email;
  return runCommand(db, async (trx) => {
    const sale = await trx.selectFrom('sales').select('id').where('id', '=', saleId).where('organisation_id', '=', caller.organisationId).executeTakeFirst();
    if (!sale) return fail('RECEIPTS_SALE_NOT_FOUND', `Sale ${saleId} was not found.`);
    if (job.type === 'print' && !(await findPrinter(trx, caller.organisationId, String(job.payload.printerId)))) return fail('RECEIPTS_PRINTER_NOT_FOUND', `Printer ${String(job.payload.printerId)} is not configured.`, { field: 'printerId' });
    const existing = await findJob(trx, job.id);
    if (existing) {
      // The same request again is the same job (never a second receipt); the id with another body is a conflict.
      return existing.type === type && existing.payload === JSON.stringify(payload) ? { ok: true, value: { id: job.id } } : fail('RECEIPTS_ID_REUSED', `Job id ${job.id} was already used for another job.`);
    }
    await enqueueJob(trx, { id: job.id, type, organisationId: caller.organisationId, payload }, now);
    return { ok: true, value: { id: job.id } };
  });
}

/**
 * How long after a cash sale its drawer may still be opened through the network printer. The kick
 * belongs to the moment of payment: a sale delivered later (made offline, sent when the network
 * returned) must not spring the drawer open on an unattended counter.
 */
export const DRAWER_KICK_WINDOW_MS = 5 * 60_000;

/**
 * Opens the cash drawer for a cash sale through the register's receipt printer (its first network
 * printer, as a no-sale does): one kick per job id. Only for a sale with a cash tender, of a register
 * that has a network printer, within DRAWER_KICK_WINDOW_MS of the sale's device time.
 */
export async function kickDrawerForSale(db: Kysely<DB>, caller: ReceiptCaller, saleId: string, jobId: string, now: string): Promise<Outcome<{ id: string }>> {
  return runCommand(db, async (trx) => {
    const sale = await trx.selectFrom('sales').select(['register_id', 'device_time']).where('id', '=', saleId).where('organisation_id', '=', caller.organisationId).executeTakeFirst();
    if (!sale) return fail('RECEIPTS_SALE_NOT_FOUND', `Sale ${saleId} was not found.`);
    const existing = await findJob(trx, jobId);
    if (existing) {
      // The same request again (a retry after a lost answer) is the same kick, never a second one.
      const same = existing.type === RECEIPT_JOB_TYPES.drawerKick && (JSON.parse(existing.payload) as PrintJobPayload).cashSaleId === saleId;
      return same ? { ok: true, value: { id: jobId } } : fail('RECEIPTS_ID_REUSED', `Job id ${jobId} was already used for another job.`);
    }
    const cash = await trx.selectFrom('sale_tenders').select('sale_id').where('sale_id', '=', saleId).where('type', '=', 'cash').where('amount', '>', 0).executeTakeFirst();
    if (!cash) return fail('RECEIPTS_NOT_CASH', `Sale ${saleId} took no cash: the drawer opens for cash sales only (a no-sale opens it otherwise, with its permission).`);
    if (Date.parse(now) - Date.parse(String(sale.device_time)) > DRAWER_KICK_WINDOW_MS)
      return fail('RECEIPTS_DRAWER_TOO_LATE', `Sale ${saleId} was made more than ${DRAWER_KICK_WINDOW_MS / 60_000} minutes ago: its drawer is not opened any more (use a no-sale).`);
    const queued = await enqueueDrawerKick(trx, { organisationId: caller.organisationId, registerId: sale.register_id, jobId, now, cashSaleId: saleId });
    if (!queued) return fail('RECEIPTS_NO_PRINTER', `The sale's register has no network printer to open the drawer with.`);
    return { ok: true, value: { id: jobId } };
  });
}
