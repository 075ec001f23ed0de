import type { Kysely, Transaction } from 'kysely';
import type { Static } from '@sinclair/typebox';
import { reconcileCardTerminal, type TerminalCardOperation } from '@kassa/domain';
import type { CardTerminalReconciliation, RecordedSale } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { CashShiftsTable } from '../../db/schema-cash.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * The approved card operations of the shift's register that belong to this shift: those for a sale
 * recorded in it, and those for a sale recorded nowhere (yet) that were started while the shift was
 * open (server time, from its recording until `until`). Approvals that were reversed moved no money.
 * Read straight from the payments tables: the attempts are the terminal's record of what it charged.
 */
async function terminalOperations(
  db: Executor,
  shift: CashShiftsTable,
  until: string,
): Promise<Array<TerminalCardOperation & { offline: number; upload: string | null }>> {
  const rows = await db
    .selectFrom('payment_attempts as a')
    .leftJoin('sales as s', 's.id', 'a.sale_id')
    .select(['a.sale_id', 'a.kind', 'a.amount', 'a.offline', 'a.upload_status'])
    .where('a.register_id', '=', shift.register_id)
    .where('a.state', '=', 'approved')
    .where((eb) => eb.or([eb('a.reversal_status', 'is', null), eb('a.reversal_status', '!=', 'done')]))
    .where((eb) =>
      eb.or([
        eb('s.shift_id', '=', shift.id),
        eb.and([
          eb('s.id', 'is', null),
          eb('a.created_at', '>=', shift.recorded_at),
          eb('a.created_at', '<=', until),
        ]),
      ]),
    )
    .execute();
  return rows.map((r) => ({
    saleId: r.sale_id,
    kind: r.kind === 'refund' ? 'refund' : 'payment',
    amount: Number(r.amount),
    offline: Number(r.offline ?? 0),
    upload: r.upload_status,
  }));
}

/** The card tenders of each document of the shift (only documents that have one). */
async function documentCardTenders(db: Executor, shift: CashShiftsTable) {
  const sales = await db
    .selectFrom('sales')
    .select(['id', 'document'])
    .where('shift_id', '=', shift.id)
    .where('register_id', '=', shift.register_id)
    .execute();
  return sales
    .map((row) => ({
      saleId: row.id,
      tenders: (JSON.parse(row.document) as RecordedSale).tenders.filter((t) => t.type === 'card'),
    }))
    .filter((d) => d.tenders.length > 0)
    .map((d) => ({ saleId: d.saleId, amount: d.tenders.reduce((sum, t) => sum + t.amount, 0) }));
}

/** The terminal's side of the shift's card takings against its card tenders (docs/CASH.md). */
export async function loadCardTerminalReconciliation(
  db: Executor,
  shift: CashShiftsTable,
  until: string,
): Promise<Static<typeof CardTerminalReconciliation>> {
  const [documents, operations] = await Promise.all([
    documentCardTenders(db, shift),
    terminalOperations(db, shift, until),
  ]);
  const result = reconcileCardTerminal(
    documents,
    operations.map(({ saleId, kind, amount }) => ({ saleId, kind, amount })),
  );
  const offline = offlineTotals(operations);
  // Only shifts that had offline approvals carry the split (a report without it had none).
  return {
    ...result,
    sales: result.sales.map((s) => ({ ...s })),
    ...(offline.approved > 0 ? { offline } : {}),
  };
}

/** The offline (store-and-forward) approvals among the operations, by where their upload stands (docs/PAYMENTS.md). */
function offlineTotals(
  operations: Array<{ kind: string; amount: number; offline: number; upload: string | null }>,
) {
  const offline = operations.filter((o) => o.kind === 'payment' && o.offline === 1);
  const sum = (upload: string) =>
    offline.filter((o) => o.upload === upload).reduce((total, o) => total + o.amount, 0);
  return {
    approved: offline.reduce((total, o) => total + o.amount, 0),
    pendingUpload: sum('pending'),
    uploaded: sum('uploaded'),
    declinedAtUpload: sum('declined'),
    expired: sum('expired'),
  };
}
