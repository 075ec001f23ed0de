import type { Kysely, Transaction } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { CreateTenderBody, TenderDefinition } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { StoreTendersTable } from '../../db/schema-cash.ts';
import type { Outcome } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { runCommand } from '../../db/run-command.ts';
import { fail, replayed, type CashCaller } from './cash-command.ts';
import './cash.errors.ts';

type Tender = Static<typeof TenderDefinition>;
type Executor = Kysely<DB> | Transaction<DB>;

/** Tender names compare without case and surrounding spaces: "Op rekening" = "op rekening ". */
export const tenderNameKey = (name: string) => name.trim().toLocaleLowerCase('nl-NL');

function toTender(row: StoreTendersTable): Tender {
  return { id: row.id, storeId: row.store_id, name: row.name, kind: 'custom', countedAtClose: row.counted_at_close === 1, opensDrawer: row.opens_drawer === 1, active: row.active === 1, createdAt: row.created_at };
}

/** The tenders configured for a store, in the order they were added. */
export async function listTenders(db: Executor, organisationId: string, storeId: string): Promise<Tender[]> {
  const rows = await db.selectFrom('store_tenders').selectAll().where('store_id', '=', storeId).where('organisation_id', '=', organisationId).orderBy('id').execute();
  return rows.map(toTender);
}

/** Adds a custom tender to a store; idempotent by id, names unique per store. */
export async function createTender(db: Kysely<DB>, caller: CashCaller, storeId: string, body: Static<typeof CreateTenderBody>, now: string): Promise<Outcome<{ tender: Tender; replayed: boolean }>> {
  const hash = requestHash({ storeId, ...body });
  const find = async () => {
    const row = await db.selectFrom('store_tenders').selectAll().where('id', '=', body.id).executeTakeFirst();
    if (!row) return undefined;
    const again = replayed({ requestHash: row.request_hash, organisationId: row.organisation_id, value: toTender(row) }, caller, hash, body.id);
    return again.ok ? { ok: true as const, value: { tender: again.value, replayed: true } } : again;
  };
  const first = await find();
  if (first) return first;
  return runCommand(
    db,
    async (trx) => {
      const store = await trx.selectFrom('stores').select('id').where('id', '=', storeId).where('organisation_id', '=', caller.organisationId).executeTakeFirst();
      if (!store) return fail('CASH_UNKNOWN_STORE', `Store ${storeId} does not exist in your organisation.`, { storeId });
      const row: StoreTendersTable = {
        id: body.id,
        organisation_id: caller.organisationId,
        store_id: storeId,
        name: body.name.trim(),
        name_key: tenderNameKey(body.name),
        kind: body.kind ?? 'custom',
        counted_at_close: body.countedAtClose ? 1 : 0,
        opens_drawer: body.opensDrawer ? 1 : 0,
        active: 1,
        request_hash: hash,
        created_at: now,
      };
      await trx.insertInto('store_tenders').values(row).execute();
      return { ok: true, value: { tender: toTender(row), replayed: false } };
    },
    async () => (await find()) ?? fail('CASH_TENDER_NAME_TAKEN', `This store already has a tender called "${body.name.trim()}".`, { field: 'name' }),
  );
}

/**
 * The sale check of custom tenders: each names an active tender of the store. Gift cards, store
 * credit and loyalty points will be checked against their own ledgers when they arrive; only
 * `custom` is a configured name. Queries only when the sale has a custom tender.
 */
export async function checkSaleTenders(trx: Executor, storeId: string, tenders: ReadonlyArray<{ type: string; name?: string }>): Promise<Outcome<null>> {
  const custom = tenders.map((t, index) => ({ ...t, index })).filter((t) => t.type === 'custom');
  if (custom.length === 0) return { ok: true, value: null };
  const rows = await trx.selectFrom('store_tenders').select(['name', 'name_key']).where('store_id', '=', storeId).where('active', '=', 1).orderBy('id').execute();
  const known = new Set(rows.map((r) => r.name_key));
  for (const t of custom) {
    if (!t.name || !known.has(tenderNameKey(t.name))) {
      const names = rows.map((r) => r.name);
      return fail('CASH_TENDER_UNKNOWN', `Tender ${t.index + 1} is "${t.name ?? '(no name)'}", which this store does not take. ${names.length ? `Use one of: ${names.join(', ')}` : 'Add it under the store\'s tenders first'}.`, { field: `tenders[${t.index}].name`, known: names });
    }
  }
  return { ok: true, value: null };
}
