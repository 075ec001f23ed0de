import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument, type SellableVariant } from './support/selling.ts';
import { startPaying, type PayingHarness } from './support/payments.ts';
import { openShiftFor } from './support/cash.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';

// Card totals at the close: the terminal's approved payments of the register during the shift,
// against the shift's card tenders, sale by sale (docs/CASH.md, "Card totals: the terminal's side").
describe.each(DIALECTS)("the terminal's side of a shift's card takings on %s", (dialect) => {
  let h: PayingHarness;
  let mug: SellableVariant;
  let receipt = 0;

  beforeAll(async () => {
    h = await startPaying(dialect);
    mug = await h.aSellable({ price: 1295 });
  });
  afterAll(async () => h?.close());

  async function approved(amount: number, saleId: string): Promise<string> {
    const started = await h.pay(amount, { saleId });
    expect(started.statusCode).toBe(201);
    const attempt = await h.settled(started.json().id);
    return attempt.state === 'approved' ? attempt.id : Promise.reject(new Error(`attempt ${attempt.state}`));
  }

  /** Records a card sale; `reference` ties its tender to an attempt (none: a stand-alone terminal). */
  async function cardSale(
    reference: ((doc: { id: string; amount: number }) => Promise<string | null>) | null,
  ) {
    const doc = aSaleDocument(h, ++receipt, [{ item: mug }], { tender: 'card' });
    const tender = doc.tenders[0] as { type: 'card'; amount: number; reference?: string };
    const attemptId = reference ? await reference({ id: doc.id, amount: tender.amount }) : null;
    if (attemptId) tender.reference = attemptId;
    const recorded = await h.call('POST', '/api/v1/sales', doc);
    expect(recorded.statusCode).toBe(201);
    return doc;
  }

  it('lists a customer charged twice, a charge without its sale and a card tender no terminal approved, apart from the blind count', async () => {
    const shift = await openShiftFor(h);
    const matched = await cardSale((d) => approved(d.amount, d.id));
    // The first approval got lost at the till; the customer paid again and the sale names the second.
    const twice = await cardSale(async (d) => {
      await approved(d.amount, d.id);
      return approved(d.amount, d.id);
    });
    const orphanSaleId = uuidv7();
    await approved(1000, orphanSaleId);
    const standAlone = await cardSale(null);
    // Declined attempts moved no money and do not count.
    expect((await h.settled((await h.pay(1305, { saleId: uuidv7() })).json().id)).state).toBe('declined');

    const x = (await h.call('GET', `/api/v1/shifts/${shift.id}/x-report`)).json();
    const close = {
      id: uuidv7(),
      deviceTime: new Date().toISOString(),
      counted: [
        { type: 'cash', amount: shift.openingFloat },
        { type: 'card', amount: 3 * 1295 },
      ],
    };
    const z = await h.call('POST', `/api/v1/shifts/${shift.id}/close`, close);
    expect(z.statusCode).toBe(201);
    const report = z.json();
    const expected = {
      tendered: 3 * 1295,
      terminal: 3 * 1295 + 1000,
      difference: 1000,
      operations: 4,
      sales: [
        { saleId: twice.id, tendered: 1295, terminal: 2590, difference: 1295, reason: 'amount_differs' },
        { saleId: orphanSaleId, tendered: 0, terminal: 1000, difference: 1000, reason: 'no_sale' },
        {
          saleId: standAlone.id,
          tendered: 1295,
          terminal: 0,
          difference: -1295,
          reason: 'no_terminal_payment',
        },
      ].sort((a, b) => (a.saleId < b.saleId ? -1 : 1)),
    };
    expect(report.cardTerminal).toEqual(expected);
    expect(x.cardTerminal).toEqual(expected);
    expect(report.cardTerminal.sales.map((s: { saleId: string }) => s.saleId)).not.toContain(matched.id);
    // The blind count is untouched by it: the card slips matched the tenders.
    expect(report.reconciliation.find((r: { key: string }) => r.key === 'card')).toMatchObject({
      expected: 3 * 1295,
      counted: 3 * 1295,
      difference: 0,
    });
    // The Z entry in the journal carries it, so the verifier covers it too.
    const entry = (await h.call('GET', `/api/v1/journal?registerId=${h.registerId}&kind=shift.closed`))
      .json()
      .items.at(-1);
    expect(entry.payload.cardTerminal).toEqual(expected);
  });

  it('counts an approved refund against its sale, and nothing of the previous shift (its charge without a sale stays there)', async () => {
    const shift = await openShiftFor(h);
    const sale = await cardSale((d) => approved(d.amount, d.id));
    const attempt = (await h.call('GET', `/api/v1/payments?saleId=${sale.id}`)).json().items[0];
    const refund = await h.call('POST', `/api/v1/payments/${attempt.id}/refunds`, {
      id: uuidv7(),
      amount: 295,
    });
    expect([refund.statusCode, (await h.settled(refund.json().id)).state]).toEqual([201, 'approved']);
    const z = (
      await h.call('POST', `/api/v1/shifts/${shift.id}/close`, {
        id: uuidv7(),
        deviceTime: new Date().toISOString(),
        counted: [{ type: 'card', amount: 1295 }],
      })
    ).json();
    // The refund belongs to the sale (no return recorded for it yet): the terminal shows 12,95 − 2,95.
    expect(z.cardTerminal).toEqual({
      tendered: 1295,
      terminal: 1000,
      difference: -295,
      operations: 2,
      sales: [
        { saleId: sale.id, tendered: 1295, terminal: 1000, difference: -295, reason: 'amount_differs' },
      ],
    });
  });
});
