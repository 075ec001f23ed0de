import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { aShiftDocument } from './support/cash.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';

describe.each(DIALECTS)('custom tenders on %s', (dialect) => {
  let h: SellingHarness;
  let mug: SellableVariant;

  beforeAll(async () => {
    h = await startSelling(dialect);
    mug = await h.aSellable({ price: 1298 });
  });
  afterAll(async () => h?.close());

  it('configures tenders per store, idempotently, with unique names', async () => {
    const body = { id: uuidv7(), name: 'Op rekening', countedAtClose: true };
    const created = await h.call('POST', `/api/v1/stores/${h.storeId}/tenders`, body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Op rekening', kind: 'custom', countedAtClose: true, active: true });
    expect((await h.call('POST', `/api/v1/stores/${h.storeId}/tenders`, body)).statusCode).toBe(200);
    const dup = await h.call('POST', `/api/v1/stores/${h.storeId}/tenders`, { id: uuidv7(), name: ' op REKENING' });
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'CASH_TENDER_NAME_TAKEN']);
    await h.call('POST', `/api/v1/stores/${h.storeId}/tenders`, { id: uuidv7(), name: 'Bankoverschrijving' });
    const list = (await h.call('GET', `/api/v1/stores/${h.storeId}/tenders`)).json().items;
    expect(list.map((t: { name: string }) => t.name)).toEqual(['Op rekening', 'Bankoverschrijving']);
    const other = (await h.call('GET', `/api/v1/stores/${h.shop.stores[1]!.id}/tenders`)).json().items;
    expect(other).toEqual([]);
  });

  it('accepts a sale paid with a configured tender and refuses one the store does not have', async () => {
    const ok = aShiftDocument(h, 1, [{ item: mug, quantity: 1 }], { tenders: [{ type: 'custom', share: 1000, name: 'op rekening' }] });
    const res = await h.call('POST', '/api/v1/sales', ok);
    expect(res.statusCode).toBe(201);
    expect(res.json().tenders[0]).toMatchObject({ type: 'custom', name: 'op rekening', amount: 1298 });
    const bad = aShiftDocument(h, 2, [{ item: mug, quantity: 1 }], { tenders: [{ type: 'custom', share: 1000, name: 'Cadeaubon' }] });
    const refused = await h.call('POST', '/api/v1/sales', bad);
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, 'CASH_TENDER_UNKNOWN']);
    expect(refused.json().error.details).toMatchObject({ field: 'tenders[0].name', known: ['Op rekening', 'Bankoverschrijving'] });
    const inOtherStore = aShiftDocument({ storeId: h.shop.stores[1]!.id, registerId: h.shop.stores[1]!.registerIds[0]! }, 1, [{ item: mug, quantity: 1 }], { tenders: [{ type: 'custom', share: 1000, name: 'Op rekening' }] });
    expect((await h.call('POST', '/api/v1/sales', inOtherStore)).json().error.code).toBe('CASH_TENDER_UNKNOWN');
  });

  it('needs settings.manage to add a tender', async () => {
    const res = await h.call('POST', `/api/v1/stores/${h.storeId}/tenders`, { id: uuidv7(), name: 'Cadeaubon' }, h.shop.readOnlyToken);
    expect(res.statusCode).toBe(403);
  });
});
