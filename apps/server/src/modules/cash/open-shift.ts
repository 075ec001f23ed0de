import type { Kysely } from 'kysely';
import type { OpenShiftBody, Shift } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { Outcome } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { runCommand } from '../../db/run-command.ts';
import { appendJournalEntry, chainIdFor } from '../journal/index.ts';
import { fail, lockOpenShift, replayed, type CashCaller } from './cash-command.ts';
import { countTotal } from './count-cash.ts';
import { findRegister, lastZReport, toShift } from './shifts.repository.ts';
import './cash.errors.ts';

async function storedShift(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('cash_shifts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { requestHash: row.open_request_hash, organisationId: row.organisation_id, value: toShift(row) } : undefined;
}

/**
 * Opens a shift on a register with a float counted by denomination. The opening discrepancy (float
 * counted now against what the previous close left in the drawer) is kept on the shift, apart from
 * the closing over/short. Idempotent by the shift id; one open shift per register.
 */
export async function openShift(db: Kysely<DB>, caller: CashCaller, registerId: string, body: OpenShiftBody, receivedAt: string): Promise<Outcome<{ shift: Shift; replayed: boolean }>> {
  const hash = requestHash({ registerId, ...body });
  const stored = await storedShift(db, body.id);
  if (stored) {
    const again = replayed(stored, caller, hash, body.id);
    return again.ok ? { ok: true, value: { shift: again.value, replayed: true } } : again;
  }
  return runCommand<{ shift: Shift; replayed: boolean }>(
    db,
    async (trx) => {
      const register = await findRegister(trx, caller.organisationId, registerId);
      if (!register) return fail('CASH_UNKNOWN_REGISTER', `Register ${registerId} does not exist in your organisation.`, { registerId });
      const float = countTotal(register.currency, body.float, 'float');
      if (!float.ok) return float;
      const open = await lockOpenShift(trx, registerId, 'update');
      if (open) return fail('CASH_SHIFT_ALREADY_OPEN', `This register already has an open shift (opened ${open.opened_at}). Close it before opening a new one.`, { shiftId: open.id });
      const previous = await lastZReport(trx, registerId);
      const openingDiscrepancy = previous ? float.value.total - previous.keptInDrawer : null;
      const staffId = body.staffId ?? caller.staffId;
      await appendJournalEntry(trx, {
        organisationId: caller.organisationId,
        chainId: chainIdFor(caller.organisationId, registerId),
        storeId: register.store_id,
        registerId,
        kind: 'shift.opened',
        documentId: body.id,
        occurredAt: body.deviceTime,
        recordedAt: receivedAt,
        payload: { shiftId: body.id, float: float.value.total, denominations: float.value.denominations, openingDiscrepancy, previousShiftId: previous?.shiftId ?? null, staffId },
      });
      const row = {
        id: body.id,
        organisation_id: caller.organisationId,
        store_id: register.store_id,
        register_id: registerId,
        currency: register.currency,
        status: 'open' as const,
        opened_at: new Date(body.deviceTime).toISOString(),
        opened_by: staffId,
        opening_float: float.value.total,
        opening_denominations: JSON.stringify(float.value.denominations),
        previous_shift_id: previous?.shiftId ?? null,
        opening_discrepancy: openingDiscrepancy,
        open_request_hash: hash,
        recorded_at: receivedAt,
        closed_at: null,
        z_report_id: null,
      };
      await trx.insertInto('cash_shifts').values(row).execute();
      return { ok: true, value: { shift: toShift(row), replayed: false } };
    },
    async () => {
      // A racing open of the same id or of another shift on this register got there first.
      const again = await storedShift(db, body.id);
      if (again) {
        const r = replayed(again, caller, hash, body.id);
        return r.ok ? { ok: true, value: { shift: r.value, replayed: true } } : r;
      }
      return fail('CASH_SHIFT_ALREADY_OPEN', 'This register already has an open shift. Close it before opening a new one.');
    },
  );
}
