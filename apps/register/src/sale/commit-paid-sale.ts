import type { LocalSale, OutboxItem, RegisterDatabase } from '../db/database.ts';
import { commitSale, type SaleToCommit } from '../sync/outbox.ts';

type QueuedEvent = Pick<Extract<OutboxItem, { kind: 'register_event' }>, 'id' | 'kind' | 'payload'>;

/**
 * Commits the sale (receipt number, sale, outbox item: sync/outbox.ts) and, in the same IndexedDB
 * transaction, the register events that belong to it (the managers' approvals), so a sale is never
 * stored without the record of who approved its discounts. The events follow the sale in the outbox.
 */
export async function commitPaidSale(db: RegisterDatabase, sale: SaleToCommit, staffName: string | null, now: string, events: readonly QueuedEvent[]): Promise<LocalSale> {
  // Every table: commitSale may read others (the open shift) inside its own, nested transaction.
  return db.transaction('rw', db.tables, async () => {
    const local = await commitSale(db, sale, staffName, now);
    for (const event of events) await db.outbox.add({ ...event, status: 'pending', attempts: 0, error: null, createdAt: now });
    return local;
  });
}
