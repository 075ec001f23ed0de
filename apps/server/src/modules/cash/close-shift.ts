import { sql, type Kysely, type Transaction } from 'kysely';
import { GENESIS_HASH, reconcile, tenderKey, type JsonValue } from '@kassa/domain';
import type { CloseShiftBody, ZReport } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { CashShiftsTable } from '../../db/schema-cash.ts';
import { dialectOf } from '../../db/database.ts';
import type { Outcome } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { runCommand } from '../../db/run-command.ts';
import { appendJournalEntry, chainIdFor } from '../journal/index.ts';
import { fail, replayed, shiftOfCaller, type CashCaller } from './cash-command.ts';
import { countTotal } from './count-cash.ts';
import { figuresOut, loadShiftFigures } from './shift-figures.ts';
import { loadCardTerminalReconciliation } from './card-terminal-figures.ts';
import { findZReport, lastZReport } from './shifts.repository.ts';
import './cash.errors.ts';

/** The blind count per tender key; cash counted by denomination is added up here. */
function countedPerTender(currency: string, counted: CloseShiftBody['counted']): Outcome<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const [i, c] of counted.entries()) {
    const field = `counted[${i}]`;
    const key = tenderKey(c.type, c.name);
    if (totals.has(key)) return fail('CASH_INVALID_COUNT', `${field}: ${key} is counted twice; send one count per tender.`, { field });
    const total = c.type === 'cash' ? countTotal(currency, { ...(c.denominations ? { denominations: c.denominations } : {}), ...(c.amount !== undefined ? { amount: c.amount } : {}) }, field) : c.amount === undefined ? fail('CASH_INVALID_COUNT', `${field}: give the amount counted for ${key}.`, { field }) : { ok: true as const, value: { total: c.amount } };
    if (!total.ok) return total;
    totals.set(key, total.value.total);
  }
  return { ok: true, value: totals };
}

/** The register chain's head as it stands, locked on PostgreSQL until the Z entry is appended. */
async function chainHead(trx: Transaction<DB>, chainId: string): Promise<{ seq: number; hash: string }> {
  let query = trx.selectFrom('journal_heads').select(['seq', 'hash']).where('chain_id', '=', chainId);
  if (dialectOf(trx) === 'postgres') query = query.forUpdate();
  const head = await query.executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: GENESIS_HASH };
}

async function writeZ(trx: Transaction<DB>, caller: CashCaller, shift: CashShiftsTable, body: CloseShiftBody, hash: string, receivedAt: string): Promise<Outcome<ZReport>> {
  const counted = countedPerTender(shift.currency, body.counted);
  if (!counted.ok) return counted;
  const countedCash = counted.value.get('cash') ?? 0;
  const keptInDrawer = body.keptInDrawer ?? countedCash;
  if (keptInDrawer > countedCash) return fail('CASH_INVALID_COUNT', `keptInDrawer (${keptInDrawer}) is more than the cash counted (${countedCash}).`, { field: 'keptInDrawer' });
  const { figures, expected } = await loadShiftFigures(trx, shift);
  const reconciliation = reconcile(expected, counted.value);
  // A separate figure, never mixed into the over/short: the blind count checks the card slips
  // against the tenders, this checks the tenders against what the terminal approved.
  const cardTerminal = await loadCardTerminalReconciliation(trx, shift, receivedAt);
  const previous = await lastZReport(trx, shift.register_id);
  const chainId = chainIdFor(caller.organisationId, shift.register_id);
  const head = await chainHead(trx, chainId);
  const report: Omit<ZReport, 'journal'> = {
    id: body.id,
    zNumber: (previous?.zNumber ?? 0) + 1,
    shiftId: shift.id,
    storeId: shift.store_id,
    registerId: shift.register_id,
    currency: shift.currency,
    openedAt: shift.opened_at,
    closedAt: new Date(body.deviceTime).toISOString(),
    closedBy: body.staffId ?? caller.staffId,
    openingFloat: Number(shift.opening_float),
    openingDiscrepancy: shift.opening_discrepancy === null ? null : Number(shift.opening_discrepancy),
    figures: figuresOut(figures),
    reconciliation,
    cardTerminal,
    closingDiscrepancy: reconciliation.reduce((sum, r) => sum + r.difference, 0),
    keptInDrawer,
    grandTotal: (previous?.grandTotal ?? 0) + figures.netTotal,
    chainHead: head,
  };
  const entry = await appendJournalEntry(trx, {
    organisationId: caller.organisationId,
    chainId,
    storeId: shift.store_id,
    registerId: shift.register_id,
    kind: 'shift.closed',
    documentId: body.id,
    occurredAt: body.deviceTime,
    recordedAt: receivedAt,
    payload: report as unknown as JsonValue,
  });
  const z: ZReport = { ...report, journal: { seq: entry.seq, hash: entry.hash } };
  await trx
    .insertInto('z_reports')
    .values({ id: z.id, organisation_id: caller.organisationId, store_id: z.storeId, register_id: z.registerId, shift_id: z.shiftId, z_number: z.zNumber, grand_total: z.grandTotal, request_hash: hash, report: JSON.stringify(z), closed_at: z.closedAt, recorded_at: receivedAt })
    .execute();
  await trx.updateTable('cash_shifts').set({ status: 'closed', closed_at: z.closedAt, z_report_id: z.id }).where('id', '=', shift.id).where('status', '=', sql.lit('open')).execute();
  return { ok: true, value: z };
}

/**
 * Closes a shift with a blind count per tender and writes its Z report: numbered gapless per
 * register, immutable (append-only table), carrying the journal chain head and the perpetual grand
 * total, and journaled itself. Idempotent by the Z report id.
 */
export async function closeShift(db: Kysely<DB>, caller: CashCaller, shiftId: string, body: CloseShiftBody, receivedAt: string): Promise<Outcome<{ report: ZReport; replayed: boolean }>> {
  const hash = requestHash({ shiftId, ...body });
  const replay = async (): Promise<Outcome<{ report: ZReport; replayed: boolean }> | undefined> => {
    const stored = await findZReport(db, caller.organisationId, body.id);
    if (!stored) return undefined;
    const again = replayed({ requestHash: stored.requestHash, organisationId: caller.organisationId, value: stored.report }, caller, hash, body.id);
    return again.ok ? { ok: true, value: { report: again.value, replayed: true } } : again;
  };
  const first = await replay();
  if (first) return first;
  return runCommand(
    db,
    async (trx) => {
      const shift = await shiftOfCaller(trx, caller, shiftId, 'update');
      if (!shift.ok) return shift;
      if (shift.value.status !== 'open') return fail('CASH_SHIFT_CLOSED', `This shift was closed already (Z report ${shift.value.z_report_id}).`, { zReportId: shift.value.z_report_id });
      const z = await writeZ(trx, caller, shift.value, body, hash, receivedAt);
      return z.ok ? { ok: true, value: { report: z.value, replayed: false } } : z;
    },
    async () => (await replay()) ?? fail('CASH_SHIFT_CLOSED', 'This shift was closed at the same moment by another request.'),
  );
}
