import type { Kysely, Transaction } from 'kysely';
import type { RecordedSale, SaleDocument } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { runCommand, type UniqueViolation } from '../../db/run-command.ts';
import { businessDayOf } from '../../lib/business-day.ts';
import { stockWrites, type LevelAfter, type NewMovement } from '../inventory/index.ts';
import { WriteBatch } from '../../db/write-batch.ts';
import { appendJournalEntry, chainIdFor, headAlreadyLocked } from '../journal/index.ts';
import { verifyCardTenders } from '../payments/index.ts';
import { assignSaleShift, checkSaleTenders } from '../cash/index.ts';
import { checkArithmetic, checkLines, checkReturnLines, quantityMilliOf } from './check-sale-document.ts';
import { loadSaleContext, type SaleContext } from './load-sale-context.ts';
import { flagsForDocument, flagsForStock } from './sale-flags.ts';
import { buildRecordedSale, journalPayloadOf } from './build-recorded-sale.ts';
import { findStoredSale, markLinesReturned, saleWrites } from './sales.repository.ts';
import { highestReceiptOf, highestReceiptRead, recordIncident, trackReceiptGaps } from './incidents.ts';
import { journalOverridesAndDiscounts } from './journal-overrides.ts';
import { approvalsOfSale } from './document-approvals.ts';
import { checkUnknownItemPermission } from './unknown-items.ts';
import './sales.errors.ts';

/** Who records the sale, and what they may do (from the credential, never the body). */
export interface SaleCaller {
  organisationId: string;
  /** Whether the caller may do this in that store (see sale-permissions.ts for direct and outbox callers). */
  can(permission: string, storeId: string): boolean;
  canSeeStore(storeId: string): boolean;
  /** Manager approvals given for this request (journaled with the sale). */
  approvals?: Array<{ permission: string; approverStaffId: string; approvalId: string }>;
}

export interface RecordSaleResult {
  sale: RecordedSale;
  /** true when this id was recorded before and the first answer is returned. */
  replayed: boolean;
}

const fail = (code: string, message: string, details?: Record<string, unknown>) => ({
  ok: false as const,
  error: failure(code, message, details),
});

/** Same id, same body: the first answer. Same id, another body: a conflict, never a second sale. */
function replay(
  stored: { organisationId: string; requestHash: string; document: RecordedSale },
  caller: SaleCaller,
  hash: string,
): Outcome<RecordSaleResult> {
  if (stored.organisationId !== caller.organisationId || stored.requestHash !== hash) {
    return fail(
      'SALES_ID_REUSED',
      `Sale id ${stored.document.id} was already recorded with other content. A new sale needs a new id.`,
      { id: stored.document.id },
    );
  }
  return { ok: true, value: { sale: stored.document, replayed: true } };
}

function checkPermissions(doc: SaleDocument, caller: SaleCaller): Outcome<null> {
  const unknownItems = checkUnknownItemPermission(doc, caller);
  if (!unknownItems.ok) return unknownItems;
  const returns = doc.lines.filter((l) => quantityMilliOf(l) < 0);
  if (returns.length === 0) return { ok: true, value: null };
  const withoutReceipt = returns.some((l) => !l.returnOf);
  if (!withoutReceipt && !caller.can('sales.refund', doc.storeId)) {
    return fail('SALES_PERMISSION_REQUIRED', 'Returns need the permission "sales.refund": ask a manager.', {
      permission: 'sales.refund',
    });
  }
  if (withoutReceipt) {
    if (!caller.can('sales.refund.without_receipt', doc.storeId)) {
      return fail(
        'SALES_PERMISSION_REQUIRED',
        'Returns without a receipt need the permission "sales.refund.without_receipt".',
        { permission: 'sales.refund.without_receipt' },
      );
    }
    if (!doc.reasonCode)
      return fail(
        'SALES_REASON_REQUIRED',
        'A return without a receipt needs a reasonCode (for example "defect" or "no_receipt").',
        { field: 'reasonCode' },
      );
  }
  return { ok: true, value: null };
}

function checkDocument(doc: SaleDocument, context: SaleContext) {
  if (doc.currency !== context.store.currency) {
    return fail(
      'SALES_CURRENCY_MISMATCH',
      `The sale is in ${doc.currency} but the store sells in ${context.store.currency}.`,
      { field: 'currency' },
    );
  }
  const lines = checkLines(doc, context);
  if (!lines.ok) return lines;
  const returns = checkReturnLines(doc, context);
  if (!returns.ok) return returns;
  return checkArithmetic(doc, context);
}

/** The sale's stock movements: one per line with a variant (an unknown item moves no stock). */
function stockMovementsOf(doc: SaleDocument, context: SaleContext, receivedAt: string): NewMovement[] {
  return doc.lines.flatMap((l) =>
    l.variantId
      ? [
          {
            organisationId: context.store.organisationId,
            storeId: doc.storeId,
            variantId: l.variantId,
            kind: quantityMilliOf(l) < 0 ? ('return' as const) : ('sale' as const),
            quantityMilli: -quantityMilliOf(l),
            documentId: doc.id,
            staffId: doc.staffId ?? null,
            occurredAt: doc.deviceTime,
            recordedAt: receivedAt,
          },
        ]
      : [],
  );
}

/**
 * The levels the sale leaves, from the levels read with the sale's context: for the
 * NEGATIVE_STOCK flag only (the levels themselves move atomically, never from this read). Two
 * sales of the last piece at the same moment may both see it still there.
 */
function levelsAfter(context: SaleContext, movements: NewMovement[]): LevelAfter[] {
  const after = new Map<string, LevelAfter>();
  for (const m of movements) {
    const level = after.get(m.variantId) ?? {
      storeId: m.storeId,
      variantId: m.variantId,
      onHandMilli: context.variants.get(m.variantId)?.onHandMilli ?? 0,
    };
    level.onHandMilli += m.quantityMilli;
    after.set(m.variantId, level);
  }
  return [...after.values()];
}

/** Writes the checked sale: returned quantities, journal, the sale itself, receipt-gap tracking, stock. */
async function writeSale(
  trx: Transaction<DB>,
  doc: SaleDocument,
  context: SaleContext,
  hash: string,
  receivedAt: string,
  approvals: SaleCaller['approvals'],
): Promise<Outcome<RecordSaleResult>> {
  const checked = checkDocument(doc, context);
  if (!checked.ok) return checked;
  // Payments (docs/PAYMENTS.md, the card-tender rule): a card tender naming a payment attempt the server
  // knows must be this sale's approved attempt for the same amount; an unknown reference is only flagged.
  const cards = await verifyCardTenders(trx, context.store.organisationId, doc);
  if (!cards.ok) return cards;
  // Cash management (issue 5): custom tenders must be configured for the store; the sale joins its
  // shift, is refused when that shift is open more than 24 h (device time), flagged when closed/unknown.
  const tenders = await checkSaleTenders(trx, doc.storeId, doc.tenders);
  if (!tenders.ok) return tenders;
  const shift = await assignSaleShift(trx, doc, context.locked?.shift);
  if (!shift.ok) return shift;
  const returns = doc.lines.flatMap((l) =>
    l.returnOf ? [{ ...l.returnOf, quantityMilli: Math.abs(quantityMilliOf(l)) }] : [],
  );
  if (!(await markLinesReturned(trx, returns))) {
    return fail(
      'SALES_RETURN_EXCEEDS_SOLD',
      'Another return of the same receipt was recorded at the same moment: look the receipt up again.',
    );
  }
  const movements = stockMovementsOf(doc, context, receivedAt);
  const approved = await approvalsOfSale(trx, context.store.organisationId, doc, approvals);
  const flags = [
    ...flagsForDocument(doc, context, receivedAt),
    ...flagsForStock(levelsAfter(context, movements)),
    ...shift.value.flags,
    ...cards.value,
    ...approved.flags,
  ];
  const recorded = buildRecordedSale(doc, checked.value, {
    receivedAt,
    businessDay: businessDayOf(doc.deviceTime, context.store.timeZone),
    flags,
    journal: { seq: 0, hash: '' },
  });
  const draft = shift.value.shiftId ? { ...recorded, shiftId: shift.value.shiftId } : recorded;
  // Every write of the sale goes into one batch, sent at the end: one statement on PostgreSQL.
  // The register's journal head is locked by the first append and stays locked until COMMIT.
  const writes = new WriteBatch();
  const chainId = chainIdFor(context.store.organisationId, doc.registerId);
  if (context.locked?.head) headAlreadyLocked(writes, chainId, context.locked.head);
  const entry = await appendJournalEntry(
    trx,
    {
      organisationId: context.store.organisationId,
      chainId,
      storeId: doc.storeId,
      registerId: doc.registerId,
      kind: `${doc.kind}.completed`,
      documentId: doc.id,
      occurredAt: doc.deviceTime,
      recordedAt: receivedAt,
      payload: journalPayloadOf(draft),
    },
    writes,
  );
  const sale = { ...draft, journal: { seq: entry.seq, hash: entry.hash } };
  await journalOverridesAndDiscounts(trx, doc, context, receivedAt, approved.approvals, writes);
  writes.add(
    ...saleWrites(sale, {
      organisationId: context.store.organisationId,
      requestHash: hash,
      timeZone: context.store.timeZone,
    }),
  );
  // The level rows, shared by every register selling the item, are locked by this last statement
  // and held only until COMMIT (one lock order: journal head, then levels).
  writes.add(...stockWrites(movements));
  // The series' highest number before this sale, read after the head lock (so a sale of the same
  // register committed meanwhile is seen) and as of before the batch's own writes.
  const previousMax = highestReceiptOf(await writes.flush(trx, highestReceiptRead(doc.registerId, doc.kind)));
  await trackReceiptGaps(
    trx,
    { ...doc, organisationId: context.store.organisationId },
    previousMax,
    receivedAt,
  );
  return { ok: true, value: { sale, replayed: false } };
}

async function onUniqueViolation(
  db: Kysely<DB>,
  doc: SaleDocument,
  caller: SaleCaller,
  hash: string,
  violation: UniqueViolation,
  at: string,
): Promise<Outcome<RecordSaleResult>> {
  const stored = await findStoredSale(db, doc.id);
  if (stored) return replay(stored, caller, hash);
  if (violation.table === 'sales' && violation.columns.includes('receipt_number')) {
    await recordIncident(db, {
      organisationId: caller.organisationId,
      storeId: doc.storeId,
      registerId: doc.registerId,
      kind: 'RECEIPT_NUMBER_CONFLICT',
      referenceId: doc.id,
      details: { series: doc.kind, receiptNumber: doc.receiptNumber, saleId: doc.id },
      at,
    });
    return fail(
      'SALES_RECEIPT_NUMBER_TAKEN',
      `Receipt ${doc.receiptNumber} of this register was already recorded for another sale. This is reported to the manager; check the register's numbering.`,
      { field: 'receiptNumber' },
    );
  }
  throw new Error(`Unexpected unique violation on ${violation.table}(${violation.columns.join(', ')})`);
}

/**
 * Records a completed sale, return or exchange exactly once: one transaction,
 * recomputed with the domain core, idempotent by the document id (a replay
 * returns the first answer, concurrently too, because the database's unique
 * constraints decide), stock moved, journaled.
 */
export async function recordSale(
  db: Kysely<DB>,
  caller: SaleCaller,
  doc: SaleDocument,
  receivedAt: string,
): Promise<Outcome<RecordSaleResult>> {
  const hash = requestHash(doc);
  const stored = await findStoredSale(db, doc.id);
  if (stored) return replay(stored, caller, hash);
  if (!caller.canSeeStore(doc.storeId)) {
    return fail('SALES_UNKNOWN_STORE', `Store ${doc.storeId} does not exist or is not one you work in.`, {
      field: 'storeId',
    });
  }
  const allowed = checkPermissions(doc, caller);
  if (!allowed.ok) return allowed;
  return runCommand(
    db,
    async (trx) => {
      const context = await loadSaleContext(trx, caller.organisationId, doc);
      if (!context.ok) return context;
      return writeSale(trx, doc, context.value, hash, receivedAt, caller.approvals);
    },
    (violation) => onUniqueViolation(db, doc, caller, hash, violation, receivedAt),
  );
}
