import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DIALECTS } from './support/databases.ts';
import { startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { aShiftDocument, type TenderPlan } from './support/cash.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { recordSale } from '../src/modules/sales/index.ts';
import { voidSale } from '../src/modules/sales/void-sale.ts';
import { closeShift, createTenderForTest, openShift, recordCashMovement } from './support/cash-use-cases.ts';

// The Z report of a shift must equal, to the cent, what the journal says happened in that shift
// (DOMAIN.md: Z closings carry period totals). The figures are recomputed here from the journal
// payloads alone, with code independent of the cash module's.

type Op =
  | { kind: 'sale'; lines: Array<{ item: number; quantity: number; discountBp: number }>; orderDiscountBp: number; tenders: number; overpay: number }
  | { kind: 'return'; pick: number }
  | { kind: 'void'; pick: number }
  | { kind: 'pay_in' | 'pay_out'; amount: number }
  | { kind: 'no_sale' };

const TENDER_PLANS: TenderPlan[] = [[{ type: 'cash' }], [{ type: 'card', share: 1000 }], [{ type: 'card', share: 400 }, { type: 'cash' }], [{ type: 'custom', share: 1000, name: 'Op rekening' }], [{ type: 'custom', share: 250, name: 'Cadeaubon' }, { type: 'cash' }]];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('sale' as const), lines: fc.array(fc.record({ item: fc.nat(3), quantity: fc.integer({ min: 1, max: 4 }), discountBp: fc.constantFrom(0, 0, 1000, 2500, 333) }), { minLength: 1, maxLength: 3 }), orderDiscountBp: fc.constantFrom(0, 0, 500, 1250), tenders: fc.nat(TENDER_PLANS.length - 1), overpay: fc.constantFrom(0, 0, 3, 500, 1000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('return' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('pay_in' as const, 'pay_out' as const), amount: fc.integer({ min: 1, max: 20000 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'no_sale' as const }) },
);

interface JournalRow { kind: string; payload: Record<string, unknown> }

/** The Z figures recomputed from journal payloads only. */
function figuresFromJournal(entries: JournalRow[], shiftId: string, openingFloat: number) {
  const docs = entries.filter((e) => e.kind.endsWith('.completed') && e.payload.shiftId === shiftId).map((e) => e.payload as { kind: string; total: number; taxTotal: number; discountTotal: number; rounding: number; taxes: Array<{ code: string; rateBp: number; base: number; tax: number }>; tenders: Array<{ type: string; amount: number; name?: string }> });
  const moves = entries.filter((e) => e.payload.shiftId === shiftId && e.payload.movementId).map((e) => e.payload as { kind: string; amount: number });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const tenders: Record<string, number> = {};
  for (const t of docs.flatMap((d) => d.tenders)) {
    const key = t.type === 'custom' ? `custom:${t.name}` : t.type;
    tenders[key] = (tenders[key] ?? 0) + t.amount;
  }
  const rates: Record<string, { base: number; tax: number; gross: number }> = {};
  for (const t of docs.flatMap((d) => d.taxes)) {
    const r = (rates[`${t.code}/${t.rateBp}`] ??= { base: 0, tax: 0, gross: 0 });
    r.base += t.base;
    r.tax += t.tax;
    r.gross += t.base + t.tax;
  }
  const byKind = (k: string) => ({ count: docs.filter((d) => d.kind === k).length, total: sum(docs.filter((d) => d.kind === k).map((d) => d.total)) });
  const moved = (k: string) => sum(moves.filter((m) => m.kind === k).map((m) => m.amount));
  return {
    sales: byKind('sale'),
    returns: byKind('return'),
    voids: byKind('void'),
    netTotal: sum(docs.map((d) => d.total)),
    taxTotal: sum(docs.map((d) => d.taxTotal)),
    discountTotal: sum(docs.map((d) => d.discountTotal)),
    roundingTotal: sum(docs.map((d) => d.rounding)),
    tenders,
    rates,
    noSaleOpens: moves.filter((m) => m.kind === 'no_sale').length,
    expectedCash: openingFloat + (tenders.cash ?? 0) + moved('pay_in') - moved('pay_out'),
  };
}

describe.each(DIALECTS)('Z report against the journal on %s', (dialect) => {
  let h: SellingHarness;
  let items: SellableVariant[];
  const receipts = { sale: 0, return: 0, void: 0 };

  beforeAll(async () => {
    h = await startSelling(dialect);
    items = [await h.aSellable({ price: 1298 }), await h.aSellable({ price: 349, taxClass: 'reduced' }), await h.aSellable({ price: 1, taxClass: 'zero' }), await h.aSellable({ price: 2999 })];
    for (const name of ['Op rekening', 'Cadeaubon']) await createTenderForTest(h, name);
  });
  afterAll(async () => h?.close());

  it('equals the journal entries of its shift to the cent, over 30 random shifts', async () => {
    const caller = { organisationId: h.shop.organisationId, can: () => true, canSeeStore: () => true };
    const cashCaller = { organisationId: h.shop.organisationId, staffId: null };
    const now = () => new Date().toISOString();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 10 }), fc.integer({ min: 0, max: 50000 }), async (ops, float) => {
        // A failed run may leave its shift open; close it so shrinking starts clean.
        const stale = await h.database.db.selectFrom('cash_shifts').select('id').where('register_id', '=', h.registerId).where('status', '=', 'open').executeTakeFirst();
        if (stale) await closeShift(h.database.db, cashCaller, stale.id, { id: uuidv7(), deviceTime: now(), counted: [] }, now());
        const opened = await openShift(h.database.db, cashCaller, h.registerId, { id: uuidv7(), deviceTime: now(), float: { amount: float } }, now());
        if (!opened.ok) throw new Error(opened.error.message);
        const shiftId = opened.value.shift.id;
        const sold: Array<{ id: string; lines: Array<{ item: SellableVariant; quantity: number; left: number }>; voidable: boolean }> = [];
        for (const op of ops) {
          if (op.kind === 'sale') {
            const lines = op.lines.map((l) => ({ item: items[l.item]!, quantity: l.quantity, discountBp: l.discountBp }));
            const doc = aShiftDocument(h, ++receipts.sale, lines, { shiftId, orderDiscountBp: op.orderDiscountBp, tenders: TENDER_PLANS[op.tenders], overpay: op.overpay });
            const r = await recordSale(h.database.db, caller, doc, now());
            if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
            sold.push({ id: doc.id, lines: lines.map((l) => ({ ...l, left: l.quantity })), voidable: true });
          } else if (op.kind === 'return' || op.kind === 'void') {
            const candidates = sold.filter((s) => s.voidable && (op.kind === 'void' ? s.lines.every((l) => l.left === l.quantity) : s.lines.some((l) => l.left > 0)));
            const target = candidates[op.pick % Math.max(1, candidates.length)];
            if (!target) continue;
            if (op.kind === 'void') {
              const r = await voidSale(h.database.db, caller, target.id, { id: uuidv7(), receiptNumber: ++receipts.void, deviceTime: now(), reasonCode: 'test' }, now());
              if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
              target.voidable = false;
            } else {
              const index = target.lines.findIndex((l) => l.left > 0);
              const line = target.lines[index]!;
              const doc = aShiftDocument(h, ++receipts.return, [{ item: line.item, quantity: -1, returnOf: { saleId: target.id, lineId: `line-${index + 1}` } }], { shiftId, kind: 'return', tenders: TENDER_PLANS[op.pick % 2] });
              const r = await recordSale(h.database.db, caller, doc, now());
              if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
              line.left--;
            }
          } else {
            const body = op.kind === 'no_sale' ? { id: uuidv7(), kind: 'no_sale' as const, deviceTime: now() } : { id: uuidv7(), kind: op.kind, amount: op.amount, reason: 'test', deviceTime: now() };
            const r = await recordCashMovement(h.database.db, cashCaller, shiftId, body, now());
            if (!r.ok) throw new Error(r.error.message);
          }
        }
        const closed = await closeShift(h.database.db, cashCaller, shiftId, { id: uuidv7(), deviceTime: now(), counted: [{ type: 'cash', amount: float }] }, now());
        if (!closed.ok) throw new Error(closed.error.message);
        const z = closed.value.report;
        const rows = await h.database.db.selectFrom('journal_entries').select(['kind', 'payload']).where('register_id', '=', h.registerId).execute();
        const journal = figuresFromJournal(rows.map((r) => ({ kind: r.kind, payload: JSON.parse(r.payload) as Record<string, unknown> })), shiftId, float);
        const f = z.figures;
        expect({ sales: f.sales, returns: f.returns, voids: f.voids, netTotal: f.netTotal, taxTotal: f.taxTotal, discountTotal: f.discountTotal, roundingTotal: f.roundingTotal, noSaleOpens: f.noSaleOpens }).toEqual({
          sales: journal.sales, returns: journal.returns, voids: journal.voids, netTotal: journal.netTotal, taxTotal: journal.taxTotal, discountTotal: journal.discountTotal, roundingTotal: journal.roundingTotal, noSaleOpens: journal.noSaleOpens,
        });
        expect(Object.fromEntries(f.tenders.map((t) => [t.key, t.amount]))).toEqual(journal.tenders);
        expect(Object.fromEntries(f.taxRates.map((r) => [`${r.code}/${r.rateBp}`, { base: r.base, tax: r.tax, gross: r.gross }]))).toEqual(journal.rates);
        expect(z.reconciliation.find((r) => r.key === 'cash')!.expected).toBe(journal.expectedCash);
      }),
      { numRuns: 30 },
    );
    expect((await h.call('GET', '/api/v1/journal/verification')).json().ok).toBe(true);
    const zs = (await h.call('GET', `/api/v1/registers/${h.registerId}/z-reports?limit=200`)).json().items as Array<{ zNumber: number; grandTotal: number; figures: { netTotal: number } }>;
    expect(zs.map((z) => z.zNumber).reverse()).toEqual(zs.map((_, i) => i + 1));
    expect(zs[0]!.grandTotal).toBe(zs.reduce((s, z) => s + z.figures.netTotal, 0));
  });
});
