import type { RecordedSale } from '@kassa/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocalShift } from '../src/cash/local-shift.ts';
import { openRegisterDatabase, type RegisterDatabase } from '../src/db/database.ts';
import { uuidv7 } from '../src/lib/uuid.ts';
import { commitReturn, EXCHANGE_COUNTER, RETURN_COUNTER } from '../src/returns/commit-return.ts';
import { buildReturnLines, clampPick, pendingReturnedMilli, refundTotals, returnableLines, type ReturnableLine } from '../src/returns/return-lines.ts';
import { DEFAULT_PRICING } from '../src/sale/totals.ts';
import { commitSale } from '../src/sync/outbox.ts';
import type { SaleToCommit } from '../src/sync/outbox.ts';
import { aCashSale, anItem } from './support/sales.ts';

const WHO = { storeId: '0192f1c4-0000-7000-8000-000000000001', registerId: '0192f1c4-0000-7000-8000-000000000002' };
const NL21 = [{ code: 'NL-21', rateBp: 2100 }];
const NL9 = [{ code: 'NL-9', rateBp: 900 }];
let db: RegisterDatabase;

beforeEach(() => {
  db = openRegisterDatabase(`returns-${Math.random()}`);
});
afterEach(() => db.delete());

type RecordedLine = RecordedSale['lines'][number];
function aLine(overrides: Partial<RecordedLine>): RecordedLine {
  return { id: uuidv7(), variantId: uuidv7(), description: 'Mok', quantityMilli: 1000, weighed: false, unitPrice: 1295, lineDiscount: 0, orderDiscount: 0, total: 1295, tax: 225, soldByStaffId: null, returnedQuantityMilli: 0, returnOf: null, ...overrides };
}

/** A recorded sale as `GET /sales/lookup` answers it; only what the return screen reads matters. */
function aRecordedSale(lines: RecordedLine[]): RecordedSale {
  return {
    id: uuidv7(), kind: 'sale', ...WHO, receiptNumber: 7, currency: 'EUR', subtotal: 0, discountTotal: 0, taxTotal: 0, total: 0, rounding: 0, paidTotal: 0, change: 0,
    taxes: [], lines, tenders: [{ type: 'cash', amount: 0, tendered: 0, change: 0, reference: null, name: null }], staffId: null, customerId: null, originalSaleId: null,
    reasonCode: null, note: null, deviceTime: '2026-11-27T10:00:00.000Z', receivedAt: '2026-11-27T10:00:01.000Z', businessDay: '2026-11-27', flags: [], journal: { seq: 1, hash: 'x' },
  };
}

function aReturn(sale: RecordedSale, picks: Map<string, number>, pending = new Map<string, number>()): SaleToCommit {
  const lines = returnableLines(sale, pending, (id) => (sale.lines.find((l) => l.id === id)!.unitPrice === 449 ? NL9 : NL21));
  const returnLines = buildReturnLines(lines, picks, sale.id, uuidv7, null);
  const refund = refundTotals(returnLines, 'cash', DEFAULT_PRICING)!;
  return {
    id: uuidv7(), kind: 'return', ...WHO, currency: 'EUR', deviceTime: new Date().toISOString(), staffId: null, originalSaleId: sale.id, lines: returnLines, tenders: refund.tenders,
    totals: { total: refund.totals.total, taxTotal: refund.totals.taxTotal, rounding: refund.totals.payment!.cashRounding, change: refund.totals.payment!.change },
  };
}

describe('returnableLines', () => {
  it('offers what was sold minus what the server has returned minus returns still waiting on this device', () => {
    const mugs = aLine({ quantityMilli: 3000, returnedQuantityMilli: 1000 });
    const chocolate = aLine({ description: 'Chocolade', unitPrice: 449 });
    const lines = returnableLines(aRecordedSale([mugs, chocolate]), new Map([[mugs.id, 1000]]), () => NL21);
    expect(lines.map((l) => [l.description, l.returnableMilli])).toEqual([['Mok', 1000], ['Chocolade', 1000]]);
  });

  it('never offers a negative quantity, even when more is pending than the server knows was sold', () => {
    const mug = aLine({ quantityMilli: 1000, returnedQuantityMilli: 1000 });
    expect(returnableLines(aRecordedSale([mug]), new Map([[mug.id, 1000]]), () => NL21)[0]!.returnableMilli).toBe(0);
  });
});

describe('clampPick', () => {
  const pieces: ReturnableLine = { lineId: 'a', variantId: null, description: 'Mok', weighed: false, unitPrice: 1295, taxes: NL21, soldMilli: 3000, discount: 0, returnableMilli: 2000 };
  it('never returns more than is returnable, in whole pieces', () => {
    expect(clampPick(pieces, 5000)).toBe(2000);
    expect(clampPick(pieces, 1500)).toBe(1000);
    expect(clampPick(pieces, -1000)).toBe(0);
    expect(clampPick({ ...pieces, returnableMilli: 0 }, 1000)).toBe(0);
  });
  it('returns a weighed line whole (what is left of it) or not at all', () => {
    const cheese = { ...pieces, weighed: true, soldMilli: 1250, returnableMilli: 1250 };
    expect(clampPick(cheese, 1)).toBe(1250);
    expect(clampPick(cheese, 0)).toBe(0);
  });
});

describe('buildReturnLines and refundTotals', () => {
  it('makes negative lines referring to the original, with their share of the discounts, and refunds cash rounded', () => {
    const mugs = aLine({ quantityMilli: 3000, lineDiscount: 300, orderDiscount: 90, total: 3495 });
    const sale = aRecordedSale([mugs]);
    const lines = buildReturnLines(returnableLines(sale, new Map(), () => NL21), new Map([[mugs.id, 1000]]), sale.id, () => 'r1', null);
    expect(lines).toEqual([{ id: 'r1', variantId: mugs.variantId, description: 'Mok', quantity: -1, unitPrice: 1295, taxes: NL21, lineDiscount: { kind: 'amount', amount: 130 }, returnOf: { saleId: sale.id, lineId: mugs.id } }]);
    const refund = refundTotals(lines, 'cash', DEFAULT_PRICING)!;
    expect(refund.totals.total).toBe(-1165);
    // Dutch cash rounding applies to refunds too: 11,65 is already a multiple of 5 cents.
    expect(refund.tenders).toEqual([{ type: 'cash', tendered: -1165 }]);
    expect(refundTotals(lines, 'card', DEFAULT_PRICING)!.tenders).toEqual([{ type: 'card', amount: -1165 }]);
  });

  it('rounds a cash refund to 5 cents and leaves lines nobody picked out', () => {
    const chocolate = aLine({ description: 'Chocolade', unitPrice: 449, total: 449 });
    const sale = aRecordedSale([chocolate, aLine({})]);
    const lines = buildReturnLines(returnableLines(sale, new Map(), () => NL9), new Map([[chocolate.id, 1000]]), sale.id, uuidv7, null);
    expect(lines).toHaveLength(1);
    const refund = refundTotals(lines, 'cash', DEFAULT_PRICING)!;
    expect(refund.tenders).toEqual([{ type: 'cash', tendered: -450 }]);
    expect(refund.totals.payment!.cashRounding).toBe(-1);
  });
});

describe('commitReturn', () => {
  it('numbers returns in their own series, queues them in the outbox and counts them as returned until the server acknowledges', async () => {
    await commitSale(db, aCashSale([anItem()], WHO).sale, null, new Date().toISOString());
    const mugs = aLine({ quantityMilli: 2000 });
    const sale = aRecordedSale([mugs]);
    const first = await commitReturn(db, aReturn(sale, new Map([[mugs.id, 1000]])), 'Sanne', new Date().toISOString());
    expect(first.receiptNumber).toBe(1);
    expect(await db.meta.get(RETURN_COUNTER)).toMatchObject({ value: 1 });
    expect(await db.meta.get('receiptCounter')).toMatchObject({ value: 1 });
    expect(await db.outbox.where('id').equals(first.id).count()).toBe(1);

    // Offline, the server still says nothing was returned; the device knows one mug went back.
    const pending = await pendingReturnedMilli(db, sale.id);
    expect(pending.get(mugs.id)).toBe(1000);
    const left = returnableLines(sale, pending, () => NL21)[0]!;
    expect(left.returnableMilli).toBe(1000);
    expect(clampPick(left, 2000)).toBe(1000);

    const second = await commitReturn(db, aReturn(sale, new Map([[mugs.id, 1000]]), pending), null, new Date().toISOString());
    expect(second.receiptNumber).toBe(2);
    expect(returnableLines(sale, await pendingReturnedMilli(db, sale.id), () => NL21)[0]!.returnableMilli).toBe(0);

    // Once the server acknowledged them they leave the outbox: its own figure counts them from then on.
    await db.outbox.clear();
    expect((await pendingReturnedMilli(db, sale.id)).size).toBe(0);
  });

  it('numbers exchanges in a series of their own, apart from returns and sales', async () => {
    const mugs = aLine({ quantityMilli: 2000 });
    const sale = aRecordedSale([mugs]);
    const back = aReturn(sale, new Map([[mugs.id, 1000]]));
    const exchange = { ...aReturn(sale, new Map([[mugs.id, 1000]])), kind: 'exchange' as const };
    const [r, e] = [await commitReturn(db, back, null, new Date().toISOString()), await commitReturn(db, exchange, null, new Date().toISOString())];
    expect([r.receiptNumber, e.receiptNumber]).toEqual([1, 1]);
    expect(await db.meta.get(RETURN_COUNTER)).toMatchObject({ value: 1 });
    expect(await db.meta.get(EXCHANGE_COUNTER)).toMatchObject({ value: 1 });
    expect(await db.meta.get('receiptCounter')).toBeUndefined();
    // Both count against the original until the server has them.
    expect((await pendingReturnedMilli(db, sale.id)).get(mugs.id)).toBe(2000);
  });

  it('puts the return in the open shift, and refuses it when the shift is open for more than 24 hours', async () => {
    const mug = aLine({});
    const sale = aRecordedSale([mug]);
    const shiftId = uuidv7();
    await setLocalShift(db, { id: shiftId, openedAt: new Date().toISOString(), openingFloat: 5000, currency: 'EUR' });
    const local = await commitReturn(db, aReturn(sale, new Map([[mug.id, 1000]])), null, new Date().toISOString());
    expect(local.document.shiftId).toBe(shiftId);

    await setLocalShift(db, { id: shiftId, openedAt: new Date(Date.now() - 25 * 3600_000).toISOString(), openingFloat: 5000, currency: 'EUR' });
    await expect(commitReturn(db, aReturn(sale, new Map([[mug.id, 1000]])), null, new Date().toISOString())).rejects.toMatchObject({ code: 'CASH_SHIFT_TOO_OLD' });
    await expect(commitSale(db, aCashSale([anItem()], WHO).sale, null, new Date().toISOString())).rejects.toMatchObject({ code: 'CASH_SHIFT_TOO_OLD' });
    // Nothing of the refused documents was written.
    expect(await db.returns.count()).toBe(1);
    expect(await db.sales.count()).toBe(0);
  });
});
