import type { SaleDocument } from '@kassa/contracts';
import type { LocalSale, OutboxItem, RegisterDatabase } from '../db/database.ts';
import { shiftForDocument } from '../cash/local-shift.ts';

/** A sale ready to commit: everything but the receipt number, which only the commit assigns. */
export type SaleToCommit = Omit<SaleDocument, 'receiptNumber'>;

/**
 * Commits a completed sale to the device first (ARCHITECTURE.md decision 1): the receipt number
 * (gapless per register: the counter moves only in this transaction), the sale and its outbox item
 * are written in one IndexedDB transaction. The receipt may be shown only after this resolves.
 */
export async function commitSale(db: RegisterDatabase, sale: SaleToCommit, staffName: string | null, now: string): Promise<LocalSale> {
  return db.transaction('rw', [db.meta, db.sales, db.outbox], async () => {
    // The open shift is read in the same transaction; a shift open > 24 h refuses the sale (CASH.md).
    const shiftId = await shiftForDocument(db, sale.deviceTime);
    const last = ((await db.meta.get('receiptCounter'))?.value as number | undefined) ?? 0;
    const receiptNumber = last + 1;
    const document: SaleDocument = { ...sale, receiptNumber, ...(shiftId && !sale.shiftId ? { shiftId } : {}) };
    const local: LocalSale = { id: sale.id, receiptNumber, document, staffName, committedAt: now, syncedAt: null };
    await db.meta.put({ key: 'receiptCounter', value: receiptNumber });
    // The cart that was just sold goes in the same transaction: after a crash it can never come back and be sold twice.
    await db.meta.delete('cart');
    await db.sales.add(local);
    await db.outbox.add({ id: sale.id, kind: 'sale', payload: document, status: 'pending', attempts: 0, error: null, createdAt: now });
    return local;
  });
}

/** Journals an offline period through the same outbox (idempotent by its item id on the server). */
export async function queueOfflinePeriod(db: RegisterDatabase, id: string, period: { startedAt: string; endedAt: string; salesWhileOffline: number }, now: string): Promise<void> {
  await db.outbox.add({ id, kind: 'offline_period', payload: period, status: 'pending', attempts: 0, error: null, createdAt: now });
}

/** Items waiting for the server (rejected ones included: they still need a person). */
export async function outboxCounts(db: RegisterDatabase): Promise<{ pending: number; rejected: number }> {
  const [pending, rejected] = await Promise.all([db.outbox.where('status').equals('pending').count(), db.outbox.where('status').equals('rejected').count()]);
  return { pending, rejected };
}

/** The oldest pending items, in the order they happened. */
export async function nextBatch(db: RegisterDatabase, size: number): Promise<OutboxItem[]> {
  return db.outbox.orderBy('seq').filter((i) => i.status === 'pending').limit(size).toArray();
}
