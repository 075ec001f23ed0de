import type { Kysely } from 'kysely';
import type { CatalogChanges, TaxRate } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { toCategory } from './categories.repository.ts';
import { assembleProducts, selectProductRows } from './products.repository.ts';

export interface ChangesOptions {
  /** Cursor of the last page; omitted or "0" = full snapshot. */
  since?: string | undefined;
  /** Products per page (1–5000). */
  limit?: number | undefined;
}

async function taxRatesChanged(
  db: Kysely<DB>,
  organisationId: string,
  since: number,
  upTo: number,
): Promise<TaxRate[]> {
  const rows = await db
    .selectFrom('tax_rates as r')
    .innerJoin('tax_classes as c', 'c.id', 'r.tax_class_id')
    .select([
      'r.id',
      'r.tax_zone_id',
      'c.code as tax_class',
      'r.code',
      'r.name',
      'r.rate_bp',
      'r.archived_at',
    ])
    .where('r.organisation_id', '=', organisationId)
    .where('r.change_seq', '>', since)
    .where('r.change_seq', '<=', upTo)
    .orderBy('r.change_seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    taxZoneId: r.tax_zone_id,
    taxClass: r.tax_class,
    code: r.code,
    name: r.name,
    rateBp: r.rate_bp,
    archived: r.archived_at !== null,
  }));
}

async function categoriesChanged(db: Kysely<DB>, organisationId: string, since: number, upTo: number) {
  const rows = await db
    .selectFrom('categories')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('change_seq', '>', since)
    .where('change_seq', '<=', upTo)
    .orderBy('change_seq')
    .execute();
  return rows.map(toCategory);
}

/**
 * One page of the register change feed. The upper bound is the committed
 * change counter read first: the counter row is locked by every catalogue
 * writer until commit (change-seq.ts), so everything numbered up to it is
 * already visible and a cursor can never step over a late commit. A page
 * stops at its last product's number, so pages never skip or repeat.
 */
export async function readCatalogChanges(
  db: Kysely<DB>,
  organisationId: string,
  options: ChangesOptions = {},
): Promise<Outcome<CatalogChanges>> {
  const since = Number(options.since ?? '0');
  if (!Number.isSafeInteger(since) || since < 0) {
    return {
      ok: false,
      error: failure(
        'CATALOG_INVALID_CURSOR',
        'since must be a cursor this feed gave out: pass the last cursor unchanged, or 0 for a full snapshot.',
      ),
    };
  }
  const limit = Math.min(Math.max(options.limit ?? 1000, 1), 5000);
  const counter = await db
    .selectFrom('counters')
    .select('value')
    .where('name', '=', 'catalog_change')
    .executeTakeFirstOrThrow();
  const upper = Number(counter.value);
  const rows = await selectProductRows(db)
    .where('p.organisation_id', '=', organisationId)
    .where('p.change_seq', '>', since)
    .where('p.change_seq', '<=', upper)
    .orderBy('p.change_seq')
    .limit(limit + 1)
    .execute();
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const upTo = hasMore ? Number(page.at(-1)!.change_seq) : Math.max(upper, since);
  const products = assembleProducts(page);
  const [taxRates, categories] = await Promise.all([
    taxRatesChanged(db, organisationId, since, upTo),
    categoriesChanged(db, organisationId, since, upTo),
  ]);
  return { ok: true, value: { products, taxRates, categories, cursor: String(upTo), hasMore } };
}
