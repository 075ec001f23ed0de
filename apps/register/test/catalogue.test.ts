import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gtinCheckDigit } from '@kassa/domain';
import { applyCatalogPage, searchItems } from '../src/db/catalogue.ts';
import { openRegisterDatabase, type RegisterDatabase } from '../src/db/database.ts';
import { resolveScan } from '../src/sale/barcode.ts';
import { addItem, emptyCart, overrideLinePrice } from '../src/sale/cart.ts';
import { buildSaleDocument } from '../src/sale/sale-document.ts';
import { DEFAULT_PRICING, totalsOf } from '../src/sale/totals.ts';
import { uuidv7 } from '../src/lib/uuid.ts';
import { aFeedProduct, aPage } from './support/builders.ts';

// The catalogue keeps a weighed item under its zero-value GS1 code: prefix 28, item 12345.
const KAAS_CODE = '281234500000' + String(gtinCheckDigit('281234500000'));
// A pre-packed item priced by its label: prefix 21, item 54321, price in cents.
const OLIVES_CODE = '215432100000' + String(gtinCheckDigit('215432100000'));
const STORE = '0192f1c4-0000-7000-8000-0000000000aa';
let db: RegisterDatabase;

beforeEach(async () => {
  db = openRegisterDatabase(`catalogue-${Math.random()}`);
  await applyCatalogPage(
    db,
    aPage([
      aFeedProduct({ name: 'Chocolade Crème Brûlée 180 g', sku: 'HH-CHO-004', barcodes: ['8719876001135'], price: 479, taxClass: 'reduced' }),
      aFeedProduct({ name: 'Mok Strand 350 ml Oker', sku: 'HH-MOK-001', barcodes: ['8719876000015'] }),
      aFeedProduct({ name: 'Kaas Gouds belegen', sku: 'KAAS-1', unit: 'weight', price: 1890, taxClass: 'reduced', barcodes: [KAAS_CODE] }),
      aFeedProduct({ name: 'Oude mok', sku: 'OLD-1', archived: true, barcodes: ['8719876000022'] }),
      aFeedProduct({ name: 'Olijven per bakje', sku: 'OLIJF-1', price: 599, taxClass: 'reduced', barcodes: [OLIVES_CODE] }),
    ]),
    STORE,
  );
});
afterEach(() => db.delete());

describe('searchItems', () => {
  it('finds by name prefix with accents folded', async () => {
    expect((await searchItems(db, 'creme brul')).map((i) => i.sku)).toEqual(['HH-CHO-004']);
  });

  it('finds by SKU and by barcode prefix', async () => {
    expect((await searchItems(db, 'hh-mok')).map((i) => i.sku)).toEqual(['HH-MOK-001']);
    expect((await searchItems(db, '871987600001')).map((i) => i.sku)).toEqual(['HH-MOK-001']);
  });

  it('needs every word to match and never offers archived items', async () => {
    expect(await searchItems(db, 'mok zwart')).toEqual([]);
    expect((await searchItems(db, 'mok')).map((i) => i.sku)).toEqual(['HH-MOK-001']);
  });

  it('keeps the cursor of the last page applied', async () => {
    expect((await db.meta.get('catalogCursor'))?.value).toBe('10');
  });
});

describe('resolveScan', () => {
  it('adds the item of an exact barcode with its tax class rates', async () => {
    const outcome = await resolveScan(db, '8719876000015');
    expect(outcome.ok && outcome.add.item.sku).toBe('HH-MOK-001');
    expect(outcome.ok && outcome.add.taxes).toEqual([{ code: 'NL-21', rateBp: 2100 }]);
  });

  it('decodes a GS1 weight code (prefix 28) into grams of the weighed item', async () => {
    const body = '281234501250';
    const outcome = await resolveScan(db, body + String(gtinCheckDigit(body)));
    expect(outcome.ok && outcome.add.item.sku).toBe('KAAS-1');
    expect(outcome.ok && outcome.add.quantityMilli).toBe(1250);
  });

  it("sells a price-labelled pack (prefix 21) at the label's price, marked as the label's, not as an override", async () => {
    const body = '215432100480';
    const outcome = await resolveScan(db, body + String(gtinCheckDigit(body)));
    if (!outcome.ok) throw new Error(outcome.reason);
    const cart = addItem(emptyCart(), outcome.add);
    const [line] = cart.lines;
    expect(line).toMatchObject({ unitPrice: 480, originalUnitPrice: 599, priceFromLabel: true });
    const tenders = [{ type: 'cash' as const, tendered: 500 }];
    const totals = totalsOf(cart, DEFAULT_PRICING, tenders);
    if (!totals.ok) throw new Error(totals.error.message);
    const doc = buildSaleDocument(cart, totals.value, tenders, { id: uuidv7(), storeId: STORE, registerId: STORE, staffId: null, deviceTime: new Date().toISOString() });
    expect(doc.lines[0]).toMatchObject({ unitPrice: 480, originalUnitPrice: 599, priceFromLabel: true });
    // Changed by hand afterwards, it is an override like any other.
    expect(overrideLinePrice(cart, line!.id, 400).lines[0]).toEqual(expect.not.objectContaining({ priceFromLabel: true }));
  });

  it('says unknown, invalid and archived apart', async () => {
    expect(await resolveScan(db, '4006381333931')).toMatchObject({ ok: false, reason: 'unknown' });
    expect(await resolveScan(db, '2812345012509')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await resolveScan(db, '8719876000022')).toMatchObject({ ok: false, reason: 'archived' });
  });
});
