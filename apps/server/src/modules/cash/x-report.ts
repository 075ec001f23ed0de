import type { Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { XReport } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { Outcome } from '../../http/errors.ts';
import { fail } from './cash-command.ts';
import { figuresOut, loadShiftFigures } from './shift-figures.ts';
import { loadCardTerminalReconciliation } from './card-terminal-figures.ts';
import { findShift } from './shifts.repository.ts';

/** The X report: the shift's figures, what should be in the till now and the terminal's side of the card takings. Reads only; any time, any number of times. */
export async function xReport(db: Kysely<DB>, organisationId: string, shiftId: string, now: string): Promise<Outcome<Static<typeof XReport>>> {
  const shift = await findShift(db, organisationId, shiftId);
  if (!shift) return fail('CASH_SHIFT_NOT_FOUND', `Shift ${shiftId} does not exist.`, { shiftId });
  const [{ figures, expected }, cardTerminal] = await Promise.all([loadShiftFigures(db, shift), loadCardTerminalReconciliation(db, shift, now)]);
  return {
    ok: true,
    value: {
      shiftId: shift.id,
      registerId: shift.register_id,
      currency: shift.currency,
      openedAt: shift.opened_at,
      generatedAt: now,
      openingFloat: Number(shift.opening_float),
      openingDiscrepancy: shift.opening_discrepancy === null ? null : Number(shift.opening_discrepancy),
      figures: figuresOut(figures),
      expected: [...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, amount]) => ({ key, amount })),
      cardTerminal,
    },
  };
}
