import type { Transaction } from 'kysely';
import { insertPart, insertTogether, type InsertPart } from '../../db/fixed-sql.ts';
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

const MOVEMENT_COLUMNS = [
  'id',
  'organisation_id',
  'store_id',
  'variant_id',
  'kind',
  'quantity_milli',
  'reason',
  'document_id',
  'staff_id',
  'occurred_at',
  'recorded_at',
] as const;
const LEVEL_COLUMNS = ['store_id', 'variant_id', 'on_hand_milli', 'updated_at'] as const;
const LEVEL_UPSERT =
  'on conflict ("store_id", "variant_id") do update set "on_hand_milli" = stock_levels.on_hand_milli + excluded.on_hand_milli, "updated_at" = excluded.updated_at returning "store_id", "variant_id", "on_hand_milli"';

/**
 * The writes of stock movements and of the cached levels they move, for the caller's transaction
 * or write batch: part of one statement on PostgreSQL, two on SQLite, whatever the number of
 * lines. Levels are incremented atomically (never read-modify-write), so concurrent sales lose no
 * update; keys are applied in a fixed order so PostgreSQL transactions touching the same variants
 * never deadlock. Stock may go negative (the goods physically left); the caller flags it.
 */
export function stockWrites(movements: NewMovement[]): InsertPart[] {
  if (movements.length === 0) return [];
  const deltas = new Map<string, { storeId: string; variantId: string; delta: number }>();
  for (const m of movements) {
    const key = `${m.storeId}|${m.variantId}`;
    const entry = deltas.get(key) ?? { storeId: m.storeId, variantId: m.variantId, delta: 0 };
    entry.delta += m.quantityMilli;
    deltas.set(key, entry);
  }
  const ordered = [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  const recordedAt = movements[0]!.recordedAt;
  return [
    insertPart(
      'stock_movements',
      MOVEMENT_COLUMNS,
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
    ),
    insertPart(
      'stock_levels',
      LEVEL_COLUMNS,
      ordered.map((d) => ({
        store_id: d.storeId,
        variant_id: d.variantId,
        on_hand_milli: d.delta,
        updated_at: recordedAt,
      })),
      LEVEL_UPSERT,
    ),
  ];
}

/** Records stock movements and moves the cached levels at once (stockWrites); the levels after. */
export async function recordStockMovements(
  trx: Transaction<DB>,
  movements: NewMovement[],
): Promise<LevelAfter[]> {
  if (movements.length === 0) return [];
  const rows = await insertTogether<{ store_id: string; variant_id: string; on_hand_milli: number }>(
    trx,
    stockWrites(movements),
  );
  return rows.map((r) => ({
    storeId: r.store_id,
    variantId: r.variant_id,
    onHandMilli: Number(r.on_hand_milli),
  }));
}
