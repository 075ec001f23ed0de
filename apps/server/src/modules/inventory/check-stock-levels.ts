import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface LevelMismatch {
  storeId: string;
  variantId: string;
  cachedMilli: number | null;
  ledgerMilli: number;
}

export interface StockLevelCheck {
  levels: number;
  mismatches: LevelMismatch[];
  rebuilt: boolean;
}

/** Σ movements per store and variant: the truth the cached levels must equal. */
async function ledgerTotals(
  db: Kysely<DB>,
): Promise<Map<string, { storeId: string; variantId: string; total: number }>> {
  const rows = await db
    .selectFrom('stock_movements')
    .select(['store_id', 'variant_id', sql<number>`sum(quantity_milli)`.as('total')])
    .groupBy(['store_id', 'variant_id'])
    .execute();
  return new Map(
    rows.map((r) => [
      `${r.store_id}|${r.variant_id}`,
      { storeId: r.store_id, variantId: r.variant_id, total: Number(r.total) },
    ]),
  );
}

/**
 * Proves the cached stock levels equal the ledger (on-hand = Σ movements);
 * with `rebuild`, rewrites every level from the ledger in one transaction.
 */
export async function checkStockLevels(
  db: Kysely<DB>,
  options: { rebuild?: boolean; now: string },
): Promise<StockLevelCheck> {
  const ledger = await ledgerTotals(db);
  const cached = await db
    .selectFrom('stock_levels')
    .select(['store_id', 'variant_id', 'on_hand_milli'])
    .execute();
  const mismatches: LevelMismatch[] = [];
  const seen = new Set<string>();
  for (const level of cached) {
    const key = `${level.store_id}|${level.variant_id}`;
    seen.add(key);
    const truth = ledger.get(key)?.total ?? 0;
    if (Number(level.on_hand_milli) !== truth) {
      mismatches.push({
        storeId: level.store_id,
        variantId: level.variant_id,
        cachedMilli: Number(level.on_hand_milli),
        ledgerMilli: truth,
      });
    }
  }
  for (const [key, truth] of ledger) {
    if (!seen.has(key) && truth.total !== 0)
      mismatches.push({
        storeId: truth.storeId,
        variantId: truth.variantId,
        cachedMilli: null,
        ledgerMilli: truth.total,
      });
  }
  if (options.rebuild && mismatches.length > 0) {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('stock_levels').execute();
      const values = [...ledger.values()].map((t) => ({
        store_id: t.storeId,
        variant_id: t.variantId,
        on_hand_milli: t.total,
        updated_at: options.now,
      }));
      for (let i = 0; i < values.length; i += 5000)
        await trx
          .insertInto('stock_levels')
          .values(values.slice(i, i + 5000))
          .execute();
    });
  }
  return { levels: cached.length, mismatches, rebuilt: Boolean(options.rebuild && mismatches.length > 0) };
}
