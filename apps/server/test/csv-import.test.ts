import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoCatalogue } from '../src/demo/index.ts';
import { exportProductsCsv, importProductsCsv } from '../src/modules/catalog/index.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { aDutchShop } from './support/scenarios.ts';

const NOW = '2026-11-27T09:00:00.000Z';

async function exportText(
  database: TestDatabase,
  organisationId: string,
  delimiter: ';' | ',' = ';',
): Promise<string> {
  let text = '';
  await exportProductsCsv(database.db, organisationId, { delimiter, write: (chunk) => void (text += chunk) });
  return text;
}

async function productCount(database: TestDatabase): Promise<number> {
  const row = await database.db
    .selectFrom('products')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A small demo-like file: 3 products, one with size × colour variants, Dutch Excel style. */
function dutchFile(): string {
  return [
    '\uFEFFhandle;name;sku;barcode;price;cost_price;tax_class;category;brand;unit;option1_name;option1_value;option2_name;option2_value;description;tags',
    'mok;Mok Crème 250 ml;CSV-MOK-1;8719876000114|8719876000121;11,95;4,40;21%;Wonen > Mokken;Huis & Haven;stuk;;;;;Steengoed;mok',
    'shirt;T-shirt Café;CSV-TSH-S;;27,95;10,00;hoog;Mode > T-shirts;Haven Textiel;;Maat;S;Kleur;Wit;;',
    'shirt;T-shirt Café;CSV-TSH-M;;27,95;10,00;;;;;Maat;M;Kleur;Wit;;',
    'drop;Drop (los);CSV-DROP;;19,95;8,90;9%;Eten & Drinken > Snoep;;kg;;;;;Per kilo;drop',
  ].join('\r\n');
}

describe.each(DIALECTS)('CSV import and export on %s', (dialect) => {
  let database: TestDatabase;
  let organisationId: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    organisationId = (await aDutchShop(database.db, NOW)).organisationId;
  });
  afterAll(async () => database?.drop());

  it('imports a Dutch Excel file: variants, categories, weighed item, tax aliases', async () => {
    const report = await importProductsCsv(database, organisationId, Buffer.from(dutchFile()), {
      dryRun: false,
      now: NOW,
    });
    expect(report).toMatchObject({ ok: true, created: 3, rows: 4, products: 3, delimiter: ';', issues: [] });
    const text = await exportText(database, organisationId);
    expect(text).toContain(
      'Mok Crème 250 ml;CSV-MOK-1;8719876000114|8719876000121;11,95;4,40;standard;Wonen > Mokken;Huis & Haven;piece',
    );
    expect(text).toContain(';CSV-TSH-M;;27,95;10,00;;;;;Maat;M;Kleur;Wit;;');
    expect(text).toContain('Drop (los);CSV-DROP;;19,95;8,90;reduced;Eten & Drinken > Snoep;;weight');
  });

  it('dry run lists bad rows and SKUs the catalogue already holds, and changes nothing', async () => {
    const before = await productCount(database);
    const file = [
      'name,sku,barcode,price,tax_class',
      'Nieuw,NEW-1,,1.00,21%',
      'Dubbel,CSV-MOK-1,,2.00,21%',
      'Fout,NEW-2,8719876000115,2.00,21%',
      'Raar,NEW-3,,3.00,luxe',
    ].join('\n');
    const report = await importProductsCsv(database, organisationId, file, { dryRun: true, now: NOW });
    expect(report.ok).toBe(false);
    expect(report.issues).toEqual([
      {
        line: 3,
        column: 'sku',
        reason: expect.stringContaining('SKU CSV-MOK-1 already belongs to product "Mok Crème 250 ml"'),
      },
      { line: 4, column: 'barcode', reason: expect.stringContaining('wrong check digit') },
      { line: 5, column: 'tax_class', reason: expect.stringContaining('luxe') },
    ]);
    expect(await productCount(database)).toBe(before);
  });

  it('a clean dry run reports no problems and writes nothing', async () => {
    const before = await productCount(database);
    const report = await importProductsCsv(
      database,
      organisationId,
      'name,sku,price,tax_class\nNieuw,NEW-9,1.00,0%\n',
      { dryRun: true, now: NOW },
    );
    expect(report).toMatchObject({ ok: true, dryRun: true, created: 0, products: 1 });
    expect(await productCount(database)).toBe(before);
  });

  it('a real import with one bad row imports nothing at all', async () => {
    const before = await productCount(database);
    const report = await importProductsCsv(
      database,
      organisationId,
      'name,sku,price,tax_class\nGoed,OK-1,1.00,21%\nSlecht,OK-2,1.0.0,21%\n',
      { dryRun: false, now: NOW },
    );
    expect(report).toMatchObject({ ok: false, created: 0, issues: [{ line: 3, column: 'price' }] });
    expect(await productCount(database)).toBe(before);
  });

  it('round-trips the demo catalogue: export, import into an empty database, identical export', async () => {
    const source = await createTestDatabase(dialect);
    const target = await createTestDatabase(dialect);
    try {
      const sourceOrg = (await aDutchShop(source.db, NOW)).organisationId;
      const targetOrg = (await aDutchShop(target.db, NOW)).organisationId;
      const demo = buildDemoCatalogue();
      const file = demoAsCsv(demo);
      const first = await importProductsCsv(source, sourceOrg, file, { dryRun: false, now: NOW });
      expect(first).toMatchObject({ ok: true, created: demo.length });
      for (const delimiter of [';', ','] as const) {
        const exported = await exportText(source, sourceOrg, delimiter);
        const into = delimiter === ';' ? target : await createTestDatabase(dialect);
        const intoOrg = delimiter === ';' ? targetOrg : (await aDutchShop(into.db, NOW)).organisationId;
        const report = await importProductsCsv(into, intoOrg, Buffer.from(exported), {
          dryRun: false,
          now: NOW,
        });
        expect(report).toMatchObject({ ok: true, created: demo.length });
        expect(await exportText(into, intoOrg, delimiter)).toBe(exported);
        if (into !== target) await into.drop();
      }
    } finally {
      await source.drop();
      await target.drop();
    }
  });
});

/** The demo catalogue written by hand in the CSV format (independent of the exporter under test). */
function demoAsCsv(demo: ReturnType<typeof buildDemoCatalogue>): string {
  const lines = [
    'handle,name,sku,barcode,price,cost_price,tax_class,category,brand,unit,option1_name,option1_value,option2_name,option2_value,description,tags',
  ];
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const amount = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  demo.forEach((product, index) => {
    const [o1 = '', o2 = ''] = product.body.optionNames ?? [];
    for (const v of product.body.variants) {
      const cells = [
        `p${index}`,
        product.body.name,
        v.sku,
        (v.barcodes ?? []).join('|'),
        amount(v.price),
        v.costPrice == null ? '' : amount(v.costPrice),
      ];
      cells.push(
        product.body.taxClass,
        product.categoryPath.join(' > '),
        product.body.brand ?? '',
        product.body.unit ?? 'piece',
      );
      cells.push(
        o1,
        o1 ? (v.options?.[o1] ?? '') : '',
        o2,
        o2 ? (v.options?.[o2] ?? '') : '',
        product.body.description ?? '',
        (product.body.tags ?? []).join('|'),
      );
      lines.push(cells.map(quote).join(','));
    }
  });
  return lines.join('\n');
}
