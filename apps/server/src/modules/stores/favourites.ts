import type { Kysely, Transaction } from 'kysely';
import type { StoreFavourites, UpdateStoreFavouritesBody } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { runCommand } from '../../db/run-command.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { recordAudit, type AuditContext } from '../auth/index.ts';
import './stores.errors.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface FavouritesCaller {
  organisationId: string;
  actorRef: string;
  audit: AuditContext;
}

const fail = (code: string, message: string, details: Record<string, unknown>) => ({
  ok: false as const,
  error: failure(code, message, details),
});

/** The variants of `ids` that are on sale (neither the variant nor its product archived). */
async function activeVariants(db: Executor, organisationId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('variants')
    .innerJoin('products', 'products.id', 'variants.product_id')
    .select('variants.id')
    .where('variants.organisation_id', '=', organisationId)
    .where('variants.id', 'in', ids)
    .where('variants.archived_at', 'is', null)
    .where('products.archived_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The store, when it is one of the organisation's. */
async function storeOf(db: Executor, organisationId: string, storeId: string): Promise<boolean> {
  const row = await db.selectFrom('stores').select('id').where('id', '=', storeId).where('organisation_id', '=', organisationId).executeTakeFirst();
  return row !== undefined;
}

const storeNotFound = (storeId: string) =>
  fail('STORES_NOT_FOUND', `Store ${storeId} does not exist or is not one you work in.`, { storeId });

/** A store's favourites as the register shows them: archived items left out. */
export async function readFavourites(db: Executor, organisationId: string, storeId: string): Promise<Outcome<StoreFavourites>> {
  if (!(await storeOf(db, organisationId, storeId))) return storeNotFound(storeId);
  return { ok: true, value: await favouritesOf(db, organisationId, storeId) };
}

async function favouritesOf(db: Executor, organisationId: string, storeId: string): Promise<StoreFavourites> {
  const row = await db.selectFrom('store_favourites').selectAll().where('store_id', '=', storeId).executeTakeFirst();
  if (!row) return { storeId, variantIds: [], version: 0, updatedAt: null };
  const ids = JSON.parse(row.variant_ids) as string[];
  const active = await activeVariants(db, organisationId, ids);
  return { storeId, variantIds: ids.filter((id) => active.has(id)), version: Number(row.version), updatedAt: row.updated_at };
}

/** Each item once, each an item of the organisation that is on sale; the first problem, naming its place in the list. */
async function checkList(db: Executor, organisationId: string, ids: string[]): Promise<Outcome<null>> {
  const seen = new Set<string>();
  for (const [i, id] of ids.entries()) {
    if (seen.has(id)) {
      return fail('STORES_FAVOURITE_TWICE', `variantIds[${i}] (${id}) is already in the list: each item is a favourite once.`, { field: `variantIds[${i}]` });
    }
    seen.add(id);
  }
  const active = await activeVariants(db, organisationId, ids);
  const missing = ids.findIndex((id) => !active.has(id));
  if (missing === -1) return { ok: true, value: null };
  const exists = await db.selectFrom('variants').select('id').where('organisation_id', '=', organisationId).where('id', '=', ids[missing]!).executeTakeFirst();
  return exists
    ? fail('STORES_FAVOURITE_ARCHIVED', `variantIds[${missing}] (${ids[missing]}) is archived: restore it first, or leave it out.`, { field: `variantIds[${missing}]` })
    : fail('STORES_FAVOURITE_UNKNOWN_ITEM', `variantIds[${missing}] (${ids[missing]}) is not an item of your catalogue.`, { field: `variantIds[${missing}]` });
}

/**
 * Replaces a store's favourites (the order is the tiles' order). Versioned like the store's other
 * settings: send the version you read; a stale one is 409, nothing is written. Audited.
 */
export async function updateFavourites(
  db: Kysely<DB>,
  caller: FavouritesCaller,
  storeId: string,
  body: UpdateStoreFavouritesBody,
  now: string,
): Promise<Outcome<StoreFavourites>> {
  const stale = (current: number) =>
    fail('STORES_STALE_VERSION', `The favourites of store ${storeId} were changed by someone else since you read them (you sent version ${body.version}, they are at version ${current}): reload them and apply your change again.`, { field: 'version', sent: body.version, currentVersion: current });
  return runCommand<StoreFavourites>(
    db,
    async (trx) => {
      if (!(await storeOf(trx, caller.organisationId, storeId))) return storeNotFound(storeId);
      const checked = await checkList(trx, caller.organisationId, body.variantIds);
      if (!checked.ok) return checked;
      const current = await trx.selectFrom('store_favourites').select('version').where('store_id', '=', storeId).executeTakeFirst();
      const currentVersion = current ? Number(current.version) : 0;
      if (currentVersion !== body.version) return stale(currentVersion);
      const row = { variant_ids: JSON.stringify(body.variantIds), version: currentVersion + 1, updated_at: now, updated_by: caller.actorRef };
      if (current) {
        const moved = await trx.updateTable('store_favourites').set(row).where('store_id', '=', storeId).where('version', '=', currentVersion).executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return stale(currentVersion + 1);
      } else {
        await trx.insertInto('store_favourites').values({ store_id: storeId, organisation_id: caller.organisationId, ...row }).execute();
      }
      await recordAudit(trx, { ...caller.audit, storeId }, { action: 'store_favourites.updated', outcome: 'success', targetKind: 'store', targetId: storeId, details: { count: body.variantIds.length, version: row.version } }, now);
      return { ok: true, value: { storeId, variantIds: body.variantIds, version: row.version, updatedAt: now } };
    },
    // Two first saves raced on the primary key: the later one read version 0, which is stale now.
    async () => stale(body.version + 1),
  );
}
