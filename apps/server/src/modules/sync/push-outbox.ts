import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { failure, statusForCode, type Failure } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { runCommand } from '../../db/run-command.ts';
import { recordSale, type SaleCaller } from '../sales/index.ts';
import { appendJournalEntry, chainIdFor } from '../journal/index.ts';
import type { SaleDocument } from '@kassa/contracts';

export type SyncItem =
  | { id: string; kind: 'sale'; payload: SaleDocument }
  | { id: string; kind: 'offline_period'; payload: { startedAt: string; endedAt: string; salesWhileOffline?: number } };

export interface SyncItemResult {
  id: string;
  status: 'recorded' | 'duplicate' | 'rejected';
  error?: Failure;
  result?: unknown;
}

/** A failure the register can never fix by retrying as is (4xx); 5xx and network trouble are retried. */
function rejected(id: string, error: Failure): SyncItemResult {
  return { id, status: 'rejected', error };
}

async function pushSale(db: Kysely<DB>, caller: SaleCaller, registerId: string, item: Extract<SyncItem, { kind: 'sale' }>, now: string): Promise<SyncItemResult> {
  if (item.payload.registerId !== registerId) {
    return rejected(item.id, failure('SYNC_WRONG_REGISTER', `The sale belongs to register ${item.payload.registerId}, not to ${registerId} that pushes it.`));
  }
  const outcome = await recordSale(db, caller, item.payload, now);
  if (!outcome.ok) return rejected(item.id, outcome.error);
  return { id: item.id, status: outcome.value.replayed ? 'duplicate' : 'recorded', result: outcome.value.sale };
}

/** Offline periods are journaled once per item id (the sync_items row is the idempotency record). */
async function pushOfflinePeriod(db: Kysely<DB>, caller: SaleCaller, registerId: string, item: Extract<SyncItem, { kind: 'offline_period' }>, now: string): Promise<SyncItemResult> {
  const hash = requestHash(item.payload);
  const seen = await db.selectFrom('sync_items').select(['request_hash', 'response']).where('register_id', '=', registerId).where('item_id', '=', item.id).executeTakeFirst();
  if (seen) {
    if (seen.request_hash !== hash) return rejected(item.id, failure('SYNC_ITEM_REUSED', `Item ${item.id} was pushed before with other content.`));
    return { id: item.id, status: 'duplicate', result: JSON.parse(seen.response) };
  }
  const register = await db.selectFrom('registers').innerJoin('stores', 'stores.id', 'registers.store_id').select(['stores.id as storeId', 'stores.organisation_id']).where('registers.id', '=', registerId).executeTakeFirst();
  if (!register || register.organisation_id !== caller.organisationId || !caller.canSeeStore(register.storeId)) return rejected(item.id, failure('SYNC_UNKNOWN_REGISTER', `Register ${registerId} is not yours.`));
  const outcome = await runCommand(
    db,
    async (trx) => {
      const entry = await appendJournalEntry(trx, {
        organisationId: caller.organisationId,
        chainId: chainIdFor(caller.organisationId, registerId),
        storeId: register.storeId,
        registerId,
        kind: 'register.offline_period',
        documentId: item.id,
        occurredAt: item.payload.startedAt,
        recordedAt: now,
        payload: { startedAt: item.payload.startedAt, endedAt: item.payload.endedAt, salesWhileOffline: item.payload.salesWhileOffline ?? 0 },
      });
      const result = { journalSeq: entry.seq };
      await trx.insertInto('sync_items').values({ register_id: registerId, item_id: item.id, kind: item.kind, request_hash: hash, status: 'recorded', response: JSON.stringify(result), recorded_at: now }).execute();
      return { ok: true, value: result };
    },
    async () => ({ ok: true, value: { journalSeq: 0 } }),
  );
  return outcome.ok ? { id: item.id, status: 'recorded', result: outcome.value } : rejected(item.id, outcome.error);
}

/**
 * Processes a register's outbox batch in order, acknowledging each item on
 * its own: a rejected item is reported with its reason and does not block the
 * items after it. A server error stops the batch (the rest is retried later,
 * safely, because every item is idempotent).
 */
export async function pushOutbox(db: Kysely<DB>, caller: SaleCaller, registerId: string, items: SyncItem[], now: () => string): Promise<SyncItemResult[]> {
  const results: SyncItemResult[] = [];
  for (const item of items) {
    const result = item.kind === 'sale' ? await pushSale(db, caller, registerId, item, now()) : await pushOfflinePeriod(db, caller, registerId, item, now());
    if (result.error && statusForCode(result.error.code) >= 500) break;
    results.push(result);
  }
  await db
    .updateTable('register_sync_status')
    .set({ last_sync_at: now() })
    .where('register_id', '=', registerId)
    .execute();
  return results;
}
