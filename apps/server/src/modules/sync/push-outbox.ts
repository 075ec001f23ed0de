import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { failure, statusForCode, type Failure } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { runCommand } from '../../db/run-command.ts';
import { recordSale, voidSale, type SaleCaller, type VoidInput } from '../sales/index.ts';
import type { JsonValue } from '@kassa/domain';
import { appendJournalEntry, chainIdFor } from '../journal/index.ts';
import type { SaleDocument } from '@kassa/contracts';
import { recordRegisterPunch, type PunchDevice, type RegisterPunch } from '../staff/index.ts';

export type SyncItem =
  | { id: string; kind: 'sale'; payload: SaleDocument }
  | {
      id: string;
      kind: 'offline_period';
      payload: { startedAt: string; endedAt: string; salesWhileOffline?: number };
    }
  | {
      id: string;
      kind: 'register_event';
      payload: {
        kind: string;
        occurredAt: string;
        staffId?: string | null;
        details?: Record<string, string | number | boolean | null>;
      };
    }
  | { id: string; kind: 'void'; payload: VoidInput & { saleId: string } }
  | { id: string; kind: 'time_punch'; payload: Omit<RegisterPunch, 'id'> };

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

async function pushSale(
  db: Kysely<DB>,
  caller: SaleCaller,
  registerId: string,
  item: Extract<SyncItem, { kind: 'sale' }>,
  now: string,
): Promise<SyncItemResult> {
  if (item.payload.registerId !== registerId) {
    return rejected(
      item.id,
      failure(
        'SYNC_WRONG_REGISTER',
        `The sale belongs to register ${item.payload.registerId}, not to ${registerId} that pushes it.`,
      ),
    );
  }
  const outcome = await recordSale(db, caller, item.payload, now);
  if (!outcome.ok) return rejected(item.id, outcome.error);
  return {
    id: item.id,
    status: outcome.value.replayed ? 'duplicate' : 'recorded',
    result: outcome.value.sale,
  };
}

/** A register's own journal entry, once per item id (the sync_items row is the idempotency record). */
async function pushRegisterEntry(
  db: Kysely<DB>,
  caller: SaleCaller,
  registerId: string,
  item: { id: string; kind: string },
  entry: { kind: string; occurredAt: string; payload: JsonValue },
  now: string,
): Promise<SyncItemResult> {
  const hash = requestHash(entry);
  const seen = await db
    .selectFrom('sync_items')
    .select(['request_hash', 'response'])
    .where('register_id', '=', registerId)
    .where('item_id', '=', item.id)
    .executeTakeFirst();
  if (seen) {
    if (seen.request_hash !== hash)
      return rejected(
        item.id,
        failure('SYNC_ITEM_REUSED', `Item ${item.id} was pushed before with other content.`),
      );
    return { id: item.id, status: 'duplicate', result: JSON.parse(seen.response) };
  }
  const register = await db
    .selectFrom('registers')
    .innerJoin('stores', 'stores.id', 'registers.store_id')
    .select(['stores.id as storeId', 'stores.organisation_id'])
    .where('registers.id', '=', registerId)
    .executeTakeFirst();
  if (
    !register ||
    register.organisation_id !== caller.organisationId ||
    !caller.canSeeStore(register.storeId)
  )
    return rejected(item.id, failure('SYNC_UNKNOWN_REGISTER', `Register ${registerId} is not yours.`));
  const outcome = await runCommand(
    db,
    async (trx) => {
      const appended = await appendJournalEntry(trx, {
        organisationId: caller.organisationId,
        chainId: chainIdFor(caller.organisationId, registerId),
        storeId: register.storeId,
        registerId,
        kind: entry.kind,
        documentId: item.id,
        occurredAt: entry.occurredAt,
        recordedAt: now,
        payload: entry.payload,
      });
      const result = { journalSeq: appended.seq };
      await trx
        .insertInto('sync_items')
        .values({
          register_id: registerId,
          item_id: item.id,
          kind: item.kind,
          request_hash: hash,
          status: 'recorded',
          response: JSON.stringify(result),
          recorded_at: now,
        })
        .execute();
      return { ok: true, value: result };
    },
    // The same item pushed twice at once: the other push recorded it.
    async () => ({ ok: true, value: { journalSeq: 0 } }),
  );
  return outcome.ok
    ? { id: item.id, status: 'recorded', result: outcome.value }
    : rejected(item.id, outcome.error);
}

async function pushVoid(
  db: Kysely<DB>,
  caller: SaleCaller,
  item: Extract<SyncItem, { kind: 'void' }>,
  now: string,
): Promise<SyncItemResult> {
  const { saleId, ...input } = item.payload;
  const already = await db.selectFrom('sales').select('id').where('id', '=', input.id).executeTakeFirst();
  const outcome = await voidSale(db, caller, saleId, input, now);
  if (!outcome.ok) return rejected(item.id, outcome.error);
  return { id: item.id, status: already ? 'duplicate' : 'recorded', result: outcome.value };
}

/** A clock punch made at the register: only a register (its device credential or a session on it) sends them. */
async function pushTimePunch(
  db: Kysely<DB>,
  device: (PunchDevice & { registerId: string }) | null,
  registerId: string,
  item: Extract<SyncItem, { kind: 'time_punch' }>,
  now: string,
): Promise<SyncItemResult> {
  if (!device || device.registerId !== registerId) {
    return rejected(
      item.id,
      failure(
        'SYNC_DEVICE_REQUIRED',
        `Time clock punches come from the register's own device (register ${registerId}).`,
      ),
    );
  }
  const outcome = await recordRegisterPunch(db, device, { id: item.id, ...item.payload }, now);
  if (!outcome.ok) return rejected(item.id, outcome.error);
  return { id: item.id, status: outcome.status, result: { timeEntryId: outcome.entryId } };
}

function pushItem(
  db: Kysely<DB>,
  caller: SaleCaller,
  device: (PunchDevice & { registerId: string }) | null,
  registerId: string,
  item: SyncItem,
  now: string,
): Promise<SyncItemResult> {
  switch (item.kind) {
    case 'time_punch':
      return pushTimePunch(db, device, registerId, item, now);
    case 'sale':
      return pushSale(db, caller, registerId, item, now);
    case 'void':
      return pushVoid(db, caller, item, now);
    case 'offline_period': {
      const p = item.payload;
      return pushRegisterEntry(
        db,
        caller,
        registerId,
        item,
        {
          kind: 'register.offline_period',
          occurredAt: p.startedAt,
          payload: {
            startedAt: p.startedAt,
            endedAt: p.endedAt,
            salesWhileOffline: p.salesWhileOffline ?? 0,
          },
        },
        now,
      );
    }
    case 'register_event': {
      const e = item.payload;
      return pushRegisterEntry(
        db,
        caller,
        registerId,
        item,
        {
          kind: e.kind,
          occurredAt: e.occurredAt,
          payload: { staffId: e.staffId ?? null, details: { ...(e.details ?? {}) } },
        },
        now,
      );
    }
  }
}

/**
 * Processes a register's outbox batch in order, acknowledging each item on
 * its own: a rejected item is reported with its reason and does not block the
 * items after it. A server error stops the batch (the rest is retried later,
 * safely, because every item is idempotent).
 */
export async function pushOutbox(
  db: Kysely<DB>,
  caller: SaleCaller,
  /** The register device pushing (null for an API token or a back-office session). */
  device: (PunchDevice & { registerId: string }) | null,
  registerId: string,
  items: SyncItem[],
  now: () => string,
): Promise<SyncItemResult[]> {
  const results: SyncItemResult[] = [];
  for (const item of items) {
    const result = await pushItem(db, caller, device, registerId, item, now());
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
