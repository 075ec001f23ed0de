import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { FixedSql, type StatementPart } from '../../db/fixed-sql.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface NewIncident {
  organisationId: string;
  storeId: string | null;
  registerId: string | null;
  kind: 'RECEIPT_GAP' | 'RECEIPT_NUMBER_CONFLICT' | 'SYNC_REJECTED';
  referenceId: string | null;
  details: Record<string, unknown>;
  at: string;
}

/** Records something a manager must look at: never silence (a missing receipt is an incident). */
export async function recordIncident(db: Executor, incident: NewIncident): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('incidents')
    .values({
      id,
      organisation_id: incident.organisationId,
      store_id: incident.storeId,
      register_id: incident.registerId,
      kind: incident.kind,
      reference_id: incident.referenceId,
      details: JSON.stringify(incident.details),
      created_at: incident.at,
      resolved_at: null,
    })
    .execute();
  return id;
}

const HIGHEST_RECEIPT = new FixedSql(
  'select max("receipt_number") as "max" from "sales" where "register_id" = ? and "kind" = ?',
);

/** The read of the highest receipt number recorded for a register's series (a write batch's `before`). */
export function highestReceiptRead(registerId: string, kind: string): StatementPart {
  return { statement: HIGHEST_RECEIPT, parameters: [registerId, kind] };
}

/** The highest receipt number a highestReceiptRead answered (0 when none). */
export function highestReceiptOf(rows: Array<{ max?: number | string | null }>): number {
  return Number(rows[0]?.max ?? 0);
}

/**
 * Keeps receipt-number gaps visible: a number beyond the next expected opens
 * a RECEIPT_GAP incident for the missing range; a late arrival that completes
 * a range resolves it.
 */
export async function trackReceiptGaps(
  trx: Transaction<DB>,
  sale: {
    organisationId: string;
    storeId: string;
    registerId: string;
    kind: string;
    receiptNumber: number;
    id: string;
  },
  previousMax: number,
  at: string,
): Promise<void> {
  if (sale.receiptNumber > previousMax + 1) {
    await recordIncident(trx, {
      organisationId: sale.organisationId,
      storeId: sale.storeId,
      registerId: sale.registerId,
      kind: 'RECEIPT_GAP',
      referenceId: sale.id,
      details: { series: sale.kind, from: previousMax + 1, to: sale.receiptNumber - 1 },
      at,
    });
    return;
  }
  if (sale.receiptNumber > previousMax) return;
  const open = await trx
    .selectFrom('incidents')
    .select(['id', 'details'])
    .where('register_id', '=', sale.registerId)
    .where('kind', '=', 'RECEIPT_GAP')
    .where('resolved_at', 'is', null)
    .execute();
  for (const incident of open) {
    const range = JSON.parse(incident.details) as { series: string; from: number; to: number };
    if (range.series !== sale.kind || sale.receiptNumber < range.from || sale.receiptNumber > range.to)
      continue;
    const present = await trx
      .selectFrom('sales')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('register_id', '=', sale.registerId)
      .where('kind', '=', sale.kind)
      .where('receipt_number', '>=', range.from)
      .where('receipt_number', '<=', range.to)
      .executeTakeFirst();
    if (Number(present?.n ?? 0) === range.to - range.from + 1) {
      await trx.updateTable('incidents').set({ resolved_at: at }).where('id', '=', incident.id).execute();
    }
  }
}
