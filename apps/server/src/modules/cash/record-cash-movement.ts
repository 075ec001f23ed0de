import type { Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { CashMovement, CashMovementBody, NoSaleBody } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { CashMovementsTable } from '../../db/schema-cash.ts';
import type { Outcome } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { runCommand } from '../../db/run-command.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import { appendJournalEntry, chainIdFor } from '../journal/index.ts';
import { enqueueDrawerKick } from '../receipts/index.ts';
import { fail, replayed, shiftOfCaller, type CashCaller } from './cash-command.ts';
import './cash.errors.ts';

type Movement = Static<typeof CashMovement>;
export type MovementInput = (Static<typeof CashMovementBody> | (Static<typeof NoSaleBody> & { kind: 'no_sale' }));

const JOURNAL_KIND = { pay_in: 'cash.paid_in', pay_out: 'cash.paid_out', no_sale: 'drawer.opened_no_sale' } as const;

function toMovement(row: CashMovementsTable): Movement {
  return {
    id: row.id,
    shiftId: row.shift_id,
    kind: row.kind,
    amount: Number(row.amount),
    reason: row.reason,
    staffId: row.staff_id,
    occurredAt: row.occurred_at,
    journal: { seq: Number(row.journal_seq), hash: row.journal_hash },
    drawerKickJobId: row.drawer_kick_job_id,
  };
}

async function stored(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('cash_movements').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { requestHash: row.request_hash, organisationId: row.organisation_id, value: toMovement(row) } : undefined;
}

/**
 * Records a pay-in, pay-out or a drawer opened without a sale in an open shift: journaled (DOMAIN.md:
 * no-sale opens are journal entries), idempotent by id, and the drawer is kicked through the
 * register's receipt printer by an outbox job when the register has one.
 */
export async function recordCashMovement(db: Kysely<DB>, caller: CashCaller, shiftId: string, input: MovementInput, receivedAt: string): Promise<Outcome<Movement>> {
  const hash = requestHash({ shiftId, ...input });
  const previous = await stored(db, input.id);
  if (previous) return replayed(previous, caller, hash, input.id);
  return runCommand(
    db,
    async (trx) => {
      const shift = await shiftOfCaller(trx, caller, shiftId, 'share');
      if (!shift.ok) return shift;
      if (shift.value.status !== 'open') return fail('CASH_SHIFT_CLOSED', 'This shift is closed: open a new shift first.', { shiftId });
      const amount = input.kind === 'no_sale' ? 0 : input.amount;
      const reason = input.reason ?? null;
      const staffId = input.staffId ?? caller.staffId;
      const entry = await appendJournalEntry(trx, {
        organisationId: caller.organisationId,
        chainId: chainIdFor(caller.organisationId, shift.value.register_id),
        storeId: shift.value.store_id,
        registerId: shift.value.register_id,
        kind: JOURNAL_KIND[input.kind],
        documentId: input.id,
        occurredAt: input.deviceTime,
        recordedAt: receivedAt,
        payload: { movementId: input.id, shiftId, kind: input.kind, amount, reason, staffId },
      });
      const drawerKickJobId = await enqueueDrawerKick(trx, { organisationId: caller.organisationId, registerId: shift.value.register_id, jobId: uuidv7(), now: receivedAt });
      const row: CashMovementsTable = {
        id: input.id,
        organisation_id: caller.organisationId,
        shift_id: shiftId,
        register_id: shift.value.register_id,
        kind: input.kind,
        amount,
        reason,
        staff_id: staffId,
        occurred_at: new Date(input.deviceTime).toISOString(),
        recorded_at: receivedAt,
        request_hash: hash,
        journal_seq: entry.seq,
        journal_hash: entry.hash,
        drawer_kick_job_id: drawerKickJobId,
      };
      await trx.insertInto('cash_movements').values(row).execute();
      return { ok: true, value: toMovement(row) };
    },
    async () => {
      const again = await stored(db, input.id);
      if (again) return replayed(again, caller, hash, input.id);
      throw new Error(`Unexpected conflict recording cash movement ${input.id}`);
    },
  );
}
