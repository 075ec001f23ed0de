import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/index.ts';
import { printersOfRegister } from './printers.repository.ts';

/** Job types of the receipts module. */
export const RECEIPT_JOB_TYPES = { print: 'receipt.print', drawerKick: 'printer.drawer_kick', email: 'receipt.email' } as const;

/** Payload of a print job: what to print where; the job id makes it print once. */
export interface PrintJobPayload {
  printerId: string;
  saleId: string | null;
  locale: 'nl' | 'en' | null;
  copyNumber: number | null;
  openDrawer: boolean;
  /** A drawer kick for a cash sale: which one (the kick prints nothing of it; the id tells a retry from another sale's request). */
  cashSaleId?: string;
}

/**
 * Queues a drawer kick through the register's receipt printer in the caller's transaction; null
 * (and nothing queued) when the register has no network printer (the drawer is then opened by the
 * register's own device adapter).
 */
export async function enqueueDrawerKick(trx: Transaction<DB>, input: { organisationId: string; registerId: string; jobId: string; now: string; cashSaleId?: string }): Promise<string | null> {
  const [printer] = await printersOfRegister(trx, input.registerId);
  if (!printer) return null;
  const payload: PrintJobPayload = { printerId: printer.id, saleId: null, locale: null, copyNumber: null, openDrawer: true, ...(input.cashSaleId ? { cashSaleId: input.cashSaleId } : {}) };
  await enqueueJob(trx, { id: input.jobId, type: RECEIPT_JOB_TYPES.drawerKick, organisationId: input.organisationId, payload }, input.now);
  return input.jobId;
}

/** Queues a receipt print in the caller's transaction. */
export async function enqueuePrint(trx: Transaction<DB>, input: { organisationId: string; jobId: string; now: string; payload: PrintJobPayload }): Promise<void> {
  await enqueueJob(trx, { id: input.jobId, type: RECEIPT_JOB_TYPES.print, organisationId: input.organisationId, payload: input.payload }, input.now);
}
