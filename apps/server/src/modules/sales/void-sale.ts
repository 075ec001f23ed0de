import type { Kysely } from 'kysely';
import type { RecordedSale } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { runCommand } from '../../db/run-command.ts';
import { stockWrites } from '../inventory/index.ts';
import { appendJournalEntry, chainIdFor } from '../journal/index.ts';
import { assignSaleShift } from '../cash/index.ts';
import { cardTendersOfVoid, type CardRefundClaim, type CardTenderFlag } from '../payments/index.ts';
import { journalPayloadOf } from './build-recorded-sale.ts';
import { findSaleById, findStoredSale, saleWrites } from './sales.repository.ts';
import { WriteBatch } from '../../db/write-batch.ts';
import type { SaleCaller } from './record-sale.ts';
import { highestReceiptOf, highestReceiptRead, trackReceiptGaps } from './incidents.ts';
import { businessDayOf } from '../../lib/business-day.ts';

export interface VoidInput {
  id: string;
  receiptNumber: number;
  deviceTime: string;
  reasonCode: string;
  staffId?: string | null;
  /** The approved terminal refund of each card payment of the sale (docs/PAYMENTS.md). */
  cardRefunds?: CardRefundClaim[];
}

/** The void's tenders (card ones naming their refunds) and the flags the card check raised. */
interface VoidTenders {
  tenders: RecordedSale['tenders'];
  flags: CardTenderFlag[];
}

const neg = (n: number) => (n === 0 ? 0 : -n);
const fail = (code: string, message: string, details?: Record<string, unknown>) => ({
  ok: false as const,
  error: failure(code, message, details),
});

/** The void document: the original reversed line by line and tender by tender, nothing recomputed. */
function reverse(
  original: RecordedSale,
  input: VoidInput,
  receivedAt: string,
  businessDay: string,
  paidBack: VoidTenders,
): RecordedSale {
  return {
    ...original,
    id: input.id,
    kind: 'void',
    receiptNumber: input.receiptNumber,
    subtotal: neg(original.subtotal),
    discountTotal: neg(original.discountTotal),
    taxTotal: neg(original.taxTotal),
    total: neg(original.total),
    rounding: neg(original.rounding),
    paidTotal: neg(original.paidTotal),
    change: 0,
    taxes: original.taxes.map((t) => ({ ...t, base: neg(t.base), tax: neg(t.tax), gross: neg(t.gross) })),
    lines: original.lines.map((l) => ({
      ...l,
      quantityMilli: neg(l.quantityMilli),
      lineDiscount: neg(l.lineDiscount),
      orderDiscount: neg(l.orderDiscount),
      total: neg(l.total),
      tax: neg(l.tax),
      returnedQuantityMilli: 0,
      returnOf: null,
    })),
    // The customer gets back what they paid: cash net of the change they received, cards through their refunds.
    tenders: paidBack.tenders,
    staffId: input.staffId ?? original.staffId,
    originalSaleId: original.id,
    reasonCode: input.reasonCode,
    note: null,
    deviceTime: input.deviceTime,
    receivedAt,
    businessDay,
    flags: paidBack.flags,
    journal: { seq: 0, hash: '' },
  };
}

function checkVoidable(
  original: RecordedSale | undefined,
  saleId: string,
  voidDay: string,
): Outcome<RecordedSale> {
  if (!original) return fail('SALES_NOT_FOUND', `Sale ${saleId} was not found.`);
  if (original.kind !== 'sale' && original.kind !== 'exchange')
    return fail('SALES_NOT_VOIDABLE', `A ${original.kind} cannot be voided; record a new sale instead.`);
  if (original.lines.some((l) => l.returnedQuantityMilli > 0))
    return fail(
      'SALES_NOT_VOIDABLE',
      'Part of this sale was already returned: return the rest instead of voiding it.',
    );
  // Until shifts exist (cash module), "the same shift" is the same business day.
  if (original.businessDay !== voidDay)
    return fail(
      'SALES_NOT_VOIDABLE',
      `Only sales of the same day can be voided; this one is from ${original.businessDay}. Record a return instead.`,
    );
  return { ok: true, value: original };
}

/**
 * Voids a sale of the current day: a new document reversing it (never an
 * edit), stock put back, journaled, idempotent by the void's own id, and at
 * most one void per sale (a unique index decides between racing voids).
 */
export async function voidSale(
  db: Kysely<DB>,
  caller: SaleCaller,
  saleId: string,
  input: VoidInput,
  receivedAt: string,
): Promise<Outcome<RecordedSale>> {
  const hash = requestHash({ saleId, ...input });
  const stored = await findStoredSale(db, input.id);
  if (stored) {
    return stored.requestHash === hash && stored.organisationId === caller.organisationId
      ? { ok: true, value: stored.document }
      : fail('SALES_ID_REUSED', `Id ${input.id} was already used for another document.`);
  }
  return runCommand(
    db,
    async (trx) => {
      const original = await findSaleById(trx, caller.organisationId, saleId);
      const store = original
        ? await trx
            .selectFrom('stores')
            .select('time_zone')
            .where('id', '=', original.storeId)
            .executeTakeFirstOrThrow()
        : null;
      // The void's own device time decides its day, so a void made offline and synced later still counts for that day.
      const voidable = checkVoidable(
        original,
        saleId,
        store ? businessDayOf(input.deviceTime, store.time_zone) : '',
      );
      if (!voidable.ok) return voidable;
      // Payments: a card tender paid through the terminal is given back only by an approved refund there.
      const paidBack = await cardTendersOfVoid(
        trx,
        caller.organisationId,
        { id: input.id, currency: voidable.value.currency },
        voidable.value.tenders,
        input.cardRefunds ?? [],
      );
      if (!paidBack.ok) return paidBack;
      const reversed = reverse(
        voidable.value,
        input,
        receivedAt,
        businessDayOf(input.deviceTime, store!.time_zone),
        paidBack.value,
      );
      // Cash management (issue 5): the void takes money out of the drawer now, so it counts in the register's open shift.
      const shift = await assignSaleShift(trx, {
        registerId: reversed.registerId,
        deviceTime: input.deviceTime,
      });
      if (!shift.ok) return shift;
      const { shiftId: _originalShift, ...withoutShift } = reversed;
      const draft = shift.value.shiftId ? { ...withoutShift, shiftId: shift.value.shiftId } : withoutShift;
      // One write batch, as in record-sale.ts: one statement on PostgreSQL, levels locked last.
      const writes = new WriteBatch();
      const entry = await appendJournalEntry(
        trx,
        {
          organisationId: caller.organisationId,
          chainId: chainIdFor(caller.organisationId, draft.registerId),
          storeId: draft.storeId,
          registerId: draft.registerId,
          kind: 'void.completed',
          documentId: draft.id,
          occurredAt: input.deviceTime,
          recordedAt: receivedAt,
          payload: { ...journalPayloadOf(draft), reasonCode: input.reasonCode },
        },
        writes,
      );
      const sale = { ...draft, journal: { seq: entry.seq, hash: entry.hash } };
      const timeZone = store!.time_zone;
      writes.add(...saleWrites(sale, { organisationId: caller.organisationId, requestHash: hash, timeZone }));
      writes.add(
        ...stockWrites(
          draft.lines.flatMap((l) =>
            l.variantId
              ? [
                  {
                    organisationId: caller.organisationId,
                    storeId: draft.storeId,
                    variantId: l.variantId,
                    kind: 'void' as const,
                    quantityMilli: -l.quantityMilli,
                    documentId: draft.id,
                    staffId: draft.staffId,
                    occurredAt: input.deviceTime,
                    recordedAt: receivedAt,
                  },
                ]
              : [],
          ),
        ),
      );
      const previousMax = highestReceiptOf(
        await writes.flush(trx, highestReceiptRead(sale.registerId, 'void')),
      );
      await trackReceiptGaps(
        trx,
        { ...sale, organisationId: caller.organisationId },
        previousMax,
        receivedAt,
      );
      return { ok: true, value: sale };
    },
    async (violation) => {
      const again = await findStoredSale(db, input.id);
      if (again)
        return again.requestHash === hash
          ? { ok: true, value: again.document }
          : fail('SALES_ID_REUSED', `Id ${input.id} was already used for another document.`);
      if (violation.columns.includes('original_sale_id'))
        return fail('SALES_NOT_VOIDABLE', 'This sale was voided already.');
      return fail(
        'SALES_RECEIPT_NUMBER_TAKEN',
        `Void receipt ${input.receiptNumber} of this register is already used.`,
        { field: 'receiptNumber' },
      );
    },
  );
}
