import type { SaleDocument } from '@kassa/contracts';
import type { RecordedSale } from '@kassa/contracts';
import type { LocalSale, RegisterDatabase } from '../db/database.ts';
import { taxesFor } from '../db/catalogue.ts';
import { counterOf as receiptCounterOf } from '../sync/receipt-counter.ts';
import type { SaleToCommit } from '../sync/outbox.ts';
import { shiftForDocument } from '../cash/local-shift.ts';

/** Return and exchange receipts are numbered in their own gapless series per register (SELLING.md: per register and kind). */
export { EXCHANGE_COUNTER, RETURN_COUNTER } from '../sync/receipt-counter.ts';
const counterOf = (kind: SaleToCommit['kind']) => receiptCounterOf(kind === 'exchange' ? 'exchange' : 'return');

/**
 * Commits a return or exchange the way a sale is committed (outbox.ts commitSale): its receipt number, the
 * local copy and the outbox item in one IndexedDB transaction, so it is sent by the same outbox
 * (`POST /sync/push`, kind `sale` with a `return` document) and recorded exactly once.
 */
export async function commitReturn(db: RegisterDatabase, doc: SaleToCommit, staffName: string | null, now: string): Promise<LocalSale> {
  return db.transaction('rw', [db.meta, db.returns, db.outbox], async () => {
    const shiftId = await shiftForDocument(db, doc.deviceTime);
    const counter = counterOf(doc.kind);
    const last = ((await db.meta.get(counter))?.value as number | undefined) ?? 0;
    const receiptNumber = last + 1;
    const document: SaleDocument = { ...doc, receiptNumber, ...(shiftId ? { shiftId } : {}) };
    const local: LocalSale = { id: doc.id, receiptNumber, document, staffName, committedAt: now, syncedAt: null };
    await db.meta.put({ key: counter, value: receiptNumber });
    await db.returns.add(local);
    await db.outbox.add({ id: doc.id, kind: 'sale', payload: document, status: 'pending', attempts: 0, error: null, createdAt: now });
    return local;
  });
}

/**
 * The taxes of each original line: exactly as sold when the sale was rung up on this device, else
 * the catalogue's rates for the item (a changed rate is flagged by the server, never refused).
 */
export async function originalLineTaxes(db: RegisterDatabase, original: RecordedSale): Promise<Map<string, Array<{ code: string; rateBp: number }>>> {
  const local = await db.sales.get(original.id);
  const result = new Map<string, Array<{ code: string; rateBp: number }>>();
  for (const line of original.lines) {
    const sold = local?.document.lines.find((l) => l.id === line.id);
    if (sold) {
      result.set(line.id, sold.taxes);
      continue;
    }
    const item = line.variantId ? await db.items.get(line.variantId) : undefined;
    const fallback = original.taxes.length === 1 ? [{ code: original.taxes[0]!.code, rateBp: original.taxes[0]!.rateBp }] : [];
    result.set(line.id, item ? await taxesFor(db, item.taxClass) : fallback);
  }
  return result;
}
