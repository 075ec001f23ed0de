import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { runCommand } from '../../db/run-command.ts';
import { dialectOf } from '../../db/database.ts';
import {
  findStoredResponse,
  requestHash,
  storeResponse,
  type IdempotencyKey,
} from '../../http/idempotency.ts';
import { recordStockMovements } from './stock-ledger.ts';
import './inventory.errors.ts';

export interface Caller {
  organisationId: string;
  staffId: string | null;
}

async function checkStoreAndVariants(
  trx: Transaction<DB>,
  caller: Caller,
  storeId: string,
  variantIds: string[],
): Promise<Outcome<null>> {
  const store = await trx
    .selectFrom('stores')
    .select('id')
    .where('id', '=', storeId)
    .where('organisation_id', '=', caller.organisationId)
    .executeTakeFirst();
  if (!store)
    return {
      ok: false,
      error: failure('INVENTORY_UNKNOWN_STORE', `Store ${storeId} does not exist or is not yours.`, {
        storeId,
      }),
    };
  const unique = [...new Set(variantIds)];
  const found = await trx
    .selectFrom('variants')
    .select('id')
    .where('organisation_id', '=', caller.organisationId)
    .where('id', 'in', unique)
    .execute();
  const known = new Set(found.map((v) => v.id));
  const missing = unique.filter((id) => !known.has(id));
  if (missing.length > 0) {
    return {
      ok: false,
      error: failure(
        'INVENTORY_UNKNOWN_VARIANT',
        `Unknown variant(s): ${missing.join(', ')}. Check the ids against the catalogue.`,
        { variantIds: missing },
      ),
    };
  }
  return { ok: true, value: null };
}

/**
 * Runs a stock command exactly once per client id: a replay returns the first
 * answer, the same id with another body is a 409, and the write and its
 * remembered answer commit together.
 */
async function onceById<T>(
  db: Kysely<DB>,
  key: IdempotencyKey,
  body: unknown,
  now: string,
  command: (trx: Transaction<DB>) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const hash = requestHash(body);
  const stored = await findStoredResponse(db, [key], hash);
  if (!stored.ok) return stored;
  if (stored.value) return { ok: true, value: stored.value.body as T };
  return runCommand(
    db,
    async (trx) => {
      const outcome = await command(trx);
      if (outcome.ok) await storeResponse(trx, [key], hash, { statusCode: 201, body: outcome.value }, now);
      return outcome;
    },
    // A concurrent retry with the same id committed first: answer as it did.
    async () => {
      const again = await findStoredResponse(db, [key], hash);
      if (!again.ok) return again;
      return again.value
        ? { ok: true, value: again.value.body as T }
        : { ok: false, error: failure('INTERNAL', 'Retry the request.') };
    },
  );
}

export interface AdjustmentInput {
  id: string;
  storeId: string;
  variantId: string;
  quantityMilli: number;
  reason: string;
  note?: string;
}

/** Adjusts stock with a reason (damaged, theft, found, correction): one movement, idempotent by its id. */
export async function adjustStock(db: Kysely<DB>, caller: Caller, input: AdjustmentInput, now: string) {
  if (input.quantityMilli === 0) {
    return {
      ok: false as const,
      error: failure(
        'INVENTORY_ZERO_ADJUSTMENT',
        'quantityMilli is 0: an adjustment must change the stock.',
        { field: 'quantityMilli' },
      ),
    };
  }
  const key = {
    scope: `${caller.organisationId}:stock.adjustment`,
    key: input.id,
    label: `Adjustment id ${input.id}`,
  };
  return onceById(db, key, input, now, async (trx) => {
    const checked = await checkStoreAndVariants(trx, caller, input.storeId, [input.variantId]);
    if (!checked.ok) return checked;
    const [level] = await recordStockMovements(trx, [
      {
        id: input.id,
        organisationId: caller.organisationId,
        storeId: input.storeId,
        variantId: input.variantId,
        kind: input.reason === 'initial' ? 'initial' : 'adjustment',
        quantityMilli: input.quantityMilli,
        reason: input.note ? `${input.reason}: ${input.note}` : input.reason,
        staffId: caller.staffId,
        occurredAt: now,
        recordedAt: now,
      },
    ]);
    return {
      ok: true,
      value: {
        id: input.id,
        storeId: input.storeId,
        variantId: input.variantId,
        onHandMilli: level!.onHandMilli,
      },
    };
  });
}

export interface CountInput {
  id: string;
  storeId: string;
  lines: Array<{ variantId: string; countedMilli: number }>;
  note?: string;
}

/** Records a stock count: each line's difference with on-hand becomes a count correction. */
export async function recordStockCount(db: Kysely<DB>, caller: Caller, input: CountInput, now: string) {
  const ids = input.lines.map((l) => l.variantId);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) {
    return {
      ok: false as const,
      error: failure(
        'INVENTORY_DUPLICATE_COUNT_LINE',
        `Variant ${duplicate} is counted twice: add the quantities up into one line.`,
        { variantId: duplicate },
      ),
    };
  }
  const key = { scope: `${caller.organisationId}:stock.count`, key: input.id, label: `Count id ${input.id}` };
  return onceById(db, key, input, now, async (trx) => {
    const checked = await checkStoreAndVariants(trx, caller, input.storeId, ids);
    if (!checked.ok) return checked;
    let levelQuery = trx
      .selectFrom('stock_levels')
      .select(['variant_id', 'on_hand_milli'])
      .where('store_id', '=', input.storeId)
      .where('variant_id', 'in', ids);
    // A sale committing between our read and our write would make the correction wrong: hold the rows.
    if (dialectOf(trx) === 'postgres') levelQuery = levelQuery.orderBy('variant_id').forUpdate();
    const levels = await levelQuery.execute();
    const onHand = new Map(levels.map((l) => [l.variant_id, Number(l.on_hand_milli)]));
    const corrections = input.lines.map((l) => {
      const previousMilli = onHand.get(l.variantId) ?? 0;
      return {
        variantId: l.variantId,
        previousMilli,
        countedMilli: l.countedMilli,
        differenceMilli: l.countedMilli - previousMilli,
      };
    });
    const movements = corrections
      .filter((c) => c.differenceMilli !== 0)
      .map((c) => ({
        organisationId: caller.organisationId,
        storeId: input.storeId,
        variantId: c.variantId,
        kind: 'count' as const,
        quantityMilli: c.differenceMilli,
        reason: input.note ?? 'count',
        documentId: input.id,
        staffId: caller.staffId,
        occurredAt: now,
        recordedAt: now,
      }));
    await recordStockMovements(trx, movements);
    return { ok: true, value: { id: input.id, corrections } };
  });
}
