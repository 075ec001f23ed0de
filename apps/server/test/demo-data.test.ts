import { isValidGtin } from '@kassa/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiToken } from '../src/modules/auth/index.ts';
import {
  buildDemoCatalogue,
  generateDemoProducts,
  issueDemoOwnerToken,
  seedDemoShop,
} from '../src/demo/index.ts';
import { DEMO_RECEIPT_TEXTS } from '../src/demo/demo-receipts.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';

const NOW = '2026-11-27T09:00:00.000Z';

describe('the Huis & Haven demo catalogue', () => {
  const catalogue = buildDemoCatalogue();
  const variants = catalogue.flatMap((p) => p.body.variants);

  it('has about 200 products with unique SKUs and valid, unique EAN-13s with the Dutch 871 prefix', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(190);
    expect(catalogue.length).toBeLessThanOrEqual(220);
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    const codes = variants.flatMap((v) => v.barcodes ?? []);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(/^871\d{10}$/);
      expect(isValidGtin(code)).toBe(true);
    }
  });

  it('sells food and books at 9 %, one weighed item, one 0 % item, T-shirts in size × colour', () => {
    const byName = (name: string) => catalogue.find((p) => p.body.name.startsWith(name))!.body;
    expect(byName('Koffiebonen').taxClass).toBe('reduced');
    expect(byName('Pure chocolade').taxClass).toBe('reduced');
    expect(byName('Utrecht in 100 plekken').taxClass).toBe('reduced');
    expect(byName('Mok Strand').taxClass).toBe('standard');
    expect(byName('Drop (los)').unit).toBe('weight');
    expect(catalogue.filter((p) => p.body.taxClass === 'zero')).toHaveLength(1);
    const shirt = byName('T-shirt Domtoren');
    expect(shirt.optionNames).toEqual(['Maat', 'Kleur']);
    expect(shirt.variants).toHaveLength(12);
    expect(catalogue.some((p) => /[éèëï]/.test(p.body.name))).toBe(true);
  });

  it('keeps every cost below its price', () => {
    for (const v of variants) expect(v.costPrice!).toBeLessThanOrEqual(v.price);
  });
});

describe('generateDemoProducts', () => {
  it('is deterministic for a seed and different for another seed', () => {
    expect(generateDemoProducts(50, 7)).toEqual(generateDemoProducts(50, 7));
    expect(generateDemoProducts(50, 8)).not.toEqual(generateDemoProducts(50, 7));
  });

  it('makes unique SKUs and valid unique EAN-13s, a mix of tax classes and some variant products', () => {
    const products = generateDemoProducts(5000, 1);
    const variants = products.flatMap((p) => p.variants);
    const codes = variants.flatMap((v) => v.barcodes ?? []);
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every(isValidGtin)).toBe(true);
    expect(new Set(products.map((p) => p.taxClass))).toEqual(new Set(['standard', 'reduced', 'zero']));
    expect(products.filter((p) => p.variants.length > 1).length).toBeGreaterThan(20);
  });
});

describe.each(DIALECTS)('seeding the demo shop on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database?.drop());

  it('creates the shop once, with two stores, registers and every product', async () => {
    const first = await seedDemoShop(database, NOW);
    expect(first).toMatchObject({
      seeded: true,
      organisationName: 'Huis & Haven',
      products: buildDemoCatalogue().length,
    });
    const stores = await database.db.selectFrom('stores').select('name').orderBy('name').execute();
    expect(stores.map((s) => s.name)).toEqual(['Huis & Haven Outlet Houten', 'Huis & Haven Utrecht']);
    expect((await database.db.selectFrom('registers').selectAll().execute()).length).toBe(3);
    const second = await seedDemoShop(database, NOW);
    expect(second).toMatchObject({ seeded: false, organisationId: first.organisationId });
    expect((await database.db.selectFrom('products').select('id').execute()).length).toBe(first.products);
  });

  it('gives each demo store a logo and a Dutch receipt header and footer that fit 58 mm paper', async () => {
    const lines = Object.values(DEMO_RECEIPT_TEXTS).flatMap((t) => [...t.headerLines, ...t.footerLines]);
    expect(lines.filter((l) => l.length > 32)).toEqual([]);
    const rows = await database.db
      .selectFrom('store_receipt_settings')
      .innerJoin('stores', 'stores.id', 'store_receipt_settings.store_id')
      .select(['stores.name', 'header_lines', 'footer_lines', 'logo_width', 'logo_height', 'store_receipt_settings.version'])
      .orderBy('stores.name')
      .execute();
    expect(rows.map((r) => [r.name, JSON.parse(r.header_lines)[0], JSON.parse(r.footer_lines)[0], r.logo_width, r.logo_height, r.version])).toEqual([
      ['Huis & Haven Outlet Houten', 'Huis & Haven Outlet', 'Bedankt voor je bezoek!', 144, 80, 1],
      ['Huis & Haven Utrecht', 'Welkom bij Huis & Haven!', 'Bedankt voor je bezoek!', 144, 80, 1],
    ]);
  });

  it('gives each demo store 12 favourites tiles from different categories, all items on sale', async () => {
    const rows = await database.db.selectFrom('store_favourites').select(['store_id', 'variant_ids']).execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const ids = JSON.parse(row.variant_ids) as string[];
      expect(new Set(ids).size).toBe(12);
      const items = await database.db
        .selectFrom('variants')
        .innerJoin('products', 'products.id', 'variants.product_id')
        .select(['products.category_id', 'variants.archived_at'])
        .where('variants.id', 'in', ids)
        .execute();
      expect(items).toHaveLength(12);
      expect(items.every((i) => i.archived_at === null)).toBe(true);
      expect(new Set(items.map((i) => i.category_id)).size).toBeGreaterThan(6);
    }
  });

  it('issues a fresh owner token on each call and revokes the previous one', async () => {
    const { organisationId } = await seedDemoShop(database, NOW);
    const old = await issueDemoOwnerToken(database, organisationId, NOW);
    const fresh = await issueDemoOwnerToken(database, organisationId, NOW);
    expect(await authenticateApiToken(database.db, old, NOW)).toBeNull();
    expect(await authenticateApiToken(database.db, fresh, NOW)).toMatchObject({
      organisationId,
      scopes: ['*'],
    });
  });
});
