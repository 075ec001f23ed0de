import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS } from './support/databases.ts';
import { startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { aShiftDocument, openShiftFor } from './support/cash.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';

describe.each(DIALECTS)('cash shifts on %s', (dialect) => {
  let h: SellingHarness;
  let mug: SellableVariant;
  let tea: SellableVariant;
  let receipt = 0;

  beforeAll(async () => {
    h = await startSelling(dialect);
    mug = await h.aSellable({ price: 1298 });
    tea = await h.aSellable({ price: 349, taxClass: 'reduced', name: 'Thee' });
  });
  afterAll(async () => h?.close());

  it('opens, takes sales, pay-ins and outs and a no-sale, and closes with a Z report that reconciles the blind count', async () => {
    const open = await openShiftFor(h);
    expect(open).toMatchObject({ openingFloat: 8000, openingDiscrepancy: null, status: 'open' });
    const again = await h.call('POST', `/api/v1/registers/${h.registerId}/shifts`, { id: uuidv7(), deviceTime: new Date().toISOString(), float: { amount: 100 } });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'CASH_SHIFT_ALREADY_OPEN']);

    const cashSale = aShiftDocument(h, ++receipt, [{ item: mug, quantity: 2 }, { item: tea, quantity: 1, discountBp: 1000 }], { shiftId: open.id, overpay: 500 });
    const cardSale = aShiftDocument(h, ++receipt, [{ item: mug, quantity: 1 }], { shiftId: open.id, tenders: [{ type: 'card', share: 1000 }] });
    for (const doc of [cashSale, cardSale]) expect((await h.call('POST', '/api/v1/sales', doc)).statusCode).toBe(201);
    const recorded = (await h.call('GET', `/api/v1/sales/${cashSale.id}`)).json();
    expect(recorded.shiftId).toBe(open.id);

    const payIn = { id: uuidv7(), kind: 'pay_in', amount: 2000, reason: 'Wisselgeld', deviceTime: new Date().toISOString() };
    expect((await h.call('POST', `/api/v1/shifts/${open.id}/movements`, payIn)).statusCode).toBe(201);
    const replay = await h.call('POST', `/api/v1/shifts/${open.id}/movements`, payIn);
    expect(replay.statusCode).toBe(201);
    const reused = await h.call('POST', `/api/v1/shifts/${open.id}/movements`, { ...payIn, amount: 2001 });
    expect([reused.statusCode, reused.json().error.code]).toEqual([409, 'CASH_ID_REUSED']);
    await h.call('POST', `/api/v1/shifts/${open.id}/movements`, { id: uuidv7(), kind: 'pay_out', amount: 750, reason: 'Koffie', deviceTime: new Date().toISOString() });
    const noSale = await h.call('POST', `/api/v1/shifts/${open.id}/no-sales`, { id: uuidv7(), deviceTime: new Date().toISOString(), reason: 'Wisselen' });
    expect(noSale.json()).toMatchObject({ kind: 'no_sale', amount: 0, drawerKickJobId: null });

    const x = (await h.call('GET', `/api/v1/shifts/${open.id}/x-report`)).json();
    const cashTaken = cashSale.tenders.reduce((s, t) => s + (t.type === 'cash' ? t.tendered : 0), 0) - cashSale.totals.change;
    expect(x.figures).toMatchObject({ salesCount: 2, payIns: { count: 1, total: 2000 }, payOuts: { count: 1, total: 750 }, noSaleOpens: 1 });
    expect(x.figures.netTotal).toBe(cashSale.totals.total + cardSale.totals.total);
    expect(x.figures.roundingTotal).toBe(cashSale.totals.rounding);
    expect(x.expected).toEqual([
      { key: 'card', amount: cardSale.totals.total },
      { key: 'cash', amount: 8000 + cashTaken + 2000 - 750 },
    ]);
    expect(x.figures.taxRates.map((r: { rateBp: number }) => r.rateBp)).toEqual([2100, 900]);

    const closeBody = { id: uuidv7(), deviceTime: new Date().toISOString(), counted: [{ type: 'cash', amount: 8000 + cashTaken + 2000 - 750 - 10 }, { type: 'card', amount: cardSale.totals.total }], keptInDrawer: 5000 };
    const z = await h.call('POST', `/api/v1/shifts/${open.id}/close`, closeBody);
    expect(z.statusCode).toBe(201);
    expect(z.json()).toMatchObject({ zNumber: 1, closingDiscrepancy: -10, keptInDrawer: 5000, grandTotal: x.figures.netTotal, openingDiscrepancy: null });
    expect(z.json().reconciliation).toEqual([
      { key: 'card', expected: cardSale.totals.total, counted: cardSale.totals.total, difference: 0 },
      { key: 'cash', expected: 8000 + cashTaken + 1250, counted: 8000 + cashTaken + 1240, difference: -10 },
    ]);
    const journal = (await h.call('GET', `/api/v1/journal?registerId=${h.registerId}&kind=shift.closed`)).json().items;
    expect(journal).toHaveLength(1);
    expect(z.json().chainHead.seq).toBe(journal[0].seq - 1);
    expect(z.json().journal).toEqual({ seq: journal[0].seq, hash: journal[0].hash });
    const replayZ = await h.call('POST', `/api/v1/shifts/${open.id}/close`, closeBody);
    expect([replayZ.statusCode, replayZ.json().id]).toEqual([200, z.json().id]);
    const closedAgain = await h.call('POST', `/api/v1/shifts/${open.id}/close`, { ...closeBody, id: uuidv7() });
    expect(closedAgain.json().error.code).toBe('CASH_SHIFT_CLOSED');

    // The next shift counts 49.90 where the close left 50.00: an opening discrepancy, not a closing one.
    const next = await openShiftFor(h, { denominations: [{ value: 2000, count: 2 }, { value: 500, count: 1 }, { value: 200, count: 2 }, { value: 10, count: 8 }, { value: 5, count: 2 }] });
    expect(next).toMatchObject({ openingFloat: 4990, openingDiscrepancy: -10 });
    const z2 = await h.call('POST', `/api/v1/shifts/${next.id}/close`, { id: uuidv7(), deviceTime: new Date().toISOString(), counted: [{ type: 'cash', amount: 4990 }] });
    expect(z2.json()).toMatchObject({ zNumber: 2, closingDiscrepancy: 0, openingDiscrepancy: -10, grandTotal: x.figures.netTotal });
    expect((await h.call('GET', `/api/v1/registers/${h.registerId}/z-reports`)).json().items.map((r: { zNumber: number }) => r.zNumber)).toEqual([2, 1]);
    expect((await h.call('GET', '/api/v1/journal/verification')).json().ok).toBe(true);
  });

  it('keeps Z reports and cash movements immutable in the database', async () => {
    await expect(sql`update z_reports set grand_total = 0`.execute(h.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from cash_movements`.execute(h.database.db)).rejects.toThrow(/append-only/);
  });

  it('refuses a float with a coin the currency does not have', async () => {
    const res = await h.call('POST', `/api/v1/registers/${h.registerId}/shifts`, { id: uuidv7(), deviceTime: new Date().toISOString(), float: { denominations: [{ value: 300, count: 1 }] } });
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'CASH_INVALID_COUNT']);
  });

  it('refuses new sales 24 h after the shift opened, by device time, but accepts offline sales made before', async () => {
    const openedAt = new Date(Date.now() - 30 * 3600_000);
    const open = await openShiftFor(h, { deviceTime: openedAt.toISOString() });
    const offline = aShiftDocument(h, ++receipt, [{ item: tea, quantity: 1 }], { shiftId: open.id, deviceTime: new Date(openedAt.getTime() + 23 * 3600_000).toISOString() });
    expect((await h.call('POST', '/api/v1/sales', offline)).statusCode).toBe(201);
    const late = aShiftDocument(h, ++receipt, [{ item: tea, quantity: 1 }], { shiftId: open.id });
    const refused = await h.call('POST', '/api/v1/sales', late);
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, 'CASH_SHIFT_TOO_OLD']);
    const viaApi = aShiftDocument(h, receipt, [{ item: tea, quantity: 1 }]);
    expect((await h.call('POST', '/api/v1/sales', viaApi)).json().error.code).toBe('CASH_SHIFT_TOO_OLD');
    receipt--;
    const z = await h.call('POST', `/api/v1/shifts/${open.id}/close`, { id: uuidv7(), deviceTime: new Date().toISOString(), counted: [{ type: 'cash', amount: 8350 }] });
    expect(z.json().figures.salesCount).toBe(1);
  });

  it('flags a sale of a closed or unknown shift instead of refusing it, and API sales join the open shift', async () => {
    const shifts = (await h.call('GET', `/api/v1/registers/${h.registerId}/z-reports`)).json().items;
    const closedShiftId = shifts[0].shiftId;
    const late = aShiftDocument(h, ++receipt, [{ item: tea, quantity: 1 }], { shiftId: closedShiftId });
    const res = await h.call('POST', '/api/v1/sales', late);
    expect(res.statusCode).toBe(201);
    expect(res.json().flags.map((f: { code: string }) => f.code)).toContain('SHIFT_CLOSED');
    const unknown = await h.call('POST', '/api/v1/sales', aShiftDocument(h, ++receipt, [{ item: tea, quantity: 1 }], { shiftId: uuidv7() }));
    expect(unknown.json().flags.map((f: { code: string }) => f.code)).toContain('SHIFT_UNKNOWN');
    const open = await openShiftFor(h);
    const api = await h.call('POST', '/api/v1/sales', aShiftDocument(h, ++receipt, [{ item: tea, quantity: 1 }]));
    expect(api.json().shiftId).toBe(open.id);
    expect((await h.call('GET', `/api/v1/registers/${h.registerId}/shifts/current`)).json().id).toBe(open.id);
  });
});
