import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';

export type MovementKind =
  | 'sale'
  | 'return'
  | 'void'
  | 'adjustment'
  | 'count'
  | 'receipt'
  | 'transfer_out'
  | 'transfer_in'
  | 'reservation'
  | 'initial';

export interface NewMovement {
  id?: string;
  organisationId: string;
  storeId: string;
  variantId: string;
  kind: MovementKind;
  /** Signed change in thousandths of a unit (1 piece = 1000; 1.250 kg = 1250). */
  quantityMilli: number;
  reason?: string | null;
  documentId?: string | null;
  staffId?: string | null;
  occurredAt: string;
  recordedAt: string;
}

export interface LevelAfter {
  storeId: string;
  variantId: string;
  onHandMilli: number;
}

/**
 * Records stock movements and moves the cached levels in the caller's
 * transaction: two statements whatever the number of lines. Levels are
 * incremented atomically (never read-modify-write), so concurrent sales lose
 * no update; keys are applied in a fixed order so PostgreSQL transactions
 * touching the same variants never deadlock. Stock may go negative (the goods
 * physically left); the caller flags it.
 */
export async function recordStockMovements(
  trx: Transaction<DB>,
  movements: NewMovement[],
): Promise<LevelAfter[]> {
  if (movements.length === 0) return [];
  await trx
    .insertInto('stock_movements')
    .values(
      movements.map((m) => ({
        id: m.id ?? uuidv7(),
        organisation_id: m.organisationId,
        store_id: m.storeId,
        variant_id: m.variantId,
        kind: m.kind,
        quantity_milli: m.quantityMilli,
        reason: m.reason ?? null,
        document_id: m.documentId ?? null,
        staff_id: m.staffId ?? null,
        occurred_at: m.occurredAt,
        recorded_at: m.recordedAt,
      })),
    )
    .execute();
  const deltas = new Map<string, { storeId: string; variantId: string; delta: number }>();
  for (const m of movements) {
    const key = `${m.storeId}|${m.variantId}`;
    const entry = deltas.get(key) ?? { storeId: m.storeId, variantId: m.variantId, delta: 0 };
    entry.delta += m.quantityMilli;
    deltas.set(key, entry);
  }
  const ordered = [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  const recordedAt = movements[0]!.recordedAt;
  const rows = await trx
    .insertInto('stock_levels')
    .values(
      ordered.map((d) => ({
        store_id: d.storeId,
        variant_id: d.variantId,
        on_hand_milli: d.delta,
        updated_at: recordedAt,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['store_id', 'variant_id']).doUpdateSet({
        on_hand_milli: sql`stock_levels.on_hand_milli + excluded.on_hand_milli`,
        updated_at: sql`excluded.updated_at`,
      }),
    )
    .returning(['store_id', 'variant_id', 'on_hand_milli'])
    .execute();
  return rows.map((r) => ({
    storeId: r.store_id,
    variantId: r.variant_id,
    onHandMilli: Number(r.on_hand_milli),
  }));
}
