import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { importProducts, iterateProducts } from '../src/modules/catalog/index.ts';
import { uniqueViolationOf } from '../src/db/run-command.ts';
import {
  aProduct,
  aVariant,
  anEan13,
  startCatalog,
  withWrongCheckDigit,
  type CatalogHarness,
} from './catalog-builders.ts';

describe.each(DIALECTS)('bulk import and export on %s', (dialect) => {
  let h: CatalogHarness;
  const now = '2026-11-27T10:00:00.000Z';
  beforeAll(async () => {
    h = await startCatalog(dialect);
  });
  afterAll(async () => h?.close());

  const run = (inputs: Parameters<typeof importProducts>[3], dryRun = false) =>
    importProducts(h.database.db, dialect, h.shop.organisationId, inputs, { now, dryRun });

  it('imports a clean batch in one go, searchable and in the change feed', async () => {
    const inputs = Array.from({ length: 1200 }, (_, i) =>
      aProduct({
        name: `Import ${i} hagelslag`,
        brand: i % 2 ? 'De Ruijter' : 'Venz',
        variants: [aVariant(), aVariant()],
      }),
    );
    const progress: number[] = [];
    const result = await importProducts(h.database.db, dialect, h.shop.organisationId, inputs, {
      now,
      onProgress: (done) => progress.push(done),
    });
    expect(result).toEqual({ ok: true, value: { created: 1200 } });
    expect(progress.at(-1)).toBe(1200);
    const found = (await h.call('GET', '/api/v1/products?q=import%20hagel&limit=200')).json();
    expect(found.items).toHaveLength(200);
    const scan = await h.call('GET', `/api/v1/barcodes/${inputs[7]!.variants[1]!.barcodes![0]}`);
    expect(scan.json().product.name).toBe('Import 7 hagelslag');
    const changes = (await h.call('GET', '/api/v1/catalog/changes?limit=5000')).json();
    expect(changes.products).toHaveLength(1200);
    expect(new Set(changes.products.map((p: { changeSeq: number }) => p.changeSeq)).size).toBe(1200);
  });

  it('returns every problem with its row and writes nothing', async () => {
    const existing = (
      await h.call(
        'POST',
        '/api/v1/products',
        aProduct({ name: 'Bestaand', variants: [aVariant({ sku: 'EXIST-1' })] }),
      )
    ).json();
    const shared = anEan13();
    const { code: badCode, expected } = withWrongCheckDigit(anEan13());
    const inputs = [
      aProduct({ name: 'Goed' }),
      aProduct({ taxClass: 'luxe' }),
      aProduct({ variants: [aVariant({ sku: 'EXIST-1' })] }),
      aProduct({ variants: [aVariant({ barcodes: [shared] })] }),
      aProduct({ variants: [aVariant({ barcodes: [shared] })] }),
      aProduct({ variants: [aVariant({ barcodes: [badCode] })] }),
      aProduct({ categoryId: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d' }),
    ];
    const result = await run(inputs);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('CATALOG_IMPORT_INVALID');
    const rows = result.error.details!.rows as Array<{ index: number; field: string; reason: string }>;
    expect(rows.map((r) => [r.index, r.field])).toEqual([
      [1, 'taxClass'],
      [2, 'variants[0].sku'],
      [4, 'variants[0].barcodes[0]'],
      [5, 'variants[0].barcodes[0]'],
      [6, 'categoryId'],
    ]);
    expect(rows[1]!.reason).toContain(existing.id);
    expect(rows[2]!.reason).toContain('row 3');
    expect(rows[3]!.reason).toContain(`should be ${expected}`);
    expect(
      await h.database.db.selectFrom('products').select('id').where('name', '=', 'Goed').execute(),
    ).toEqual([]);
  });

  it('holds rows to the API schema', async () => {
    const result = await run([
      { name: '', taxClass: 'standard', variants: [{ sku: 'OK', price: -5 }] } as never,
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect((result.error.details!.rows as Array<{ field: string }>).map((r) => r.field)).toEqual(
        expect.arrayContaining(['name', 'variants.0.price']),
      );
  });

  it('validates without writing on a dry run', async () => {
    const result = await run([aProduct({ name: 'Droog' })], true);
    expect(result).toEqual({ ok: true, value: { created: 0 } });
    expect(
      await h.database.db.selectFrom('products').select('id').where('name', '=', 'Droog').execute(),
    ).toEqual([]);
  });

  it('streams every product for export, archived ones only when asked', async () => {
    const product = (await h.call('POST', '/api/v1/products', aProduct({ name: 'Export archief' }))).json();
    await h.call('POST', `/api/v1/products/${product.id}/archive`);
    const active: string[] = [];
    for await (const p of iterateProducts(h.database.db, h.shop.organisationId, { batchSize: 100 }))
      active.push(p.id);
    const all: string[] = [];
    for await (const p of iterateProducts(h.database.db, h.shop.organisationId, {
      batchSize: 100,
      includeArchived: true,
    }))
      all.push(p.id);
    expect(all.length).toBe(active.length + 1);
    expect(new Set(all).size).toBe(all.length);
    expect(active).not.toContain(product.id);
  });

  it('recognises the unique violation of both engines, naming table and columns', async () => {
    const row = await h.database.db.selectFrom('variants').selectAll().limit(1).executeTakeFirstOrThrow();
    const error = await h.database.db
      .insertInto('variants')
      .values({ ...row, id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d' })
      .execute()
      .catch((e: unknown) => e);
    expect(uniqueViolationOf(error)).toEqual({ table: 'variants', columns: ['organisation_id', 'sku'] });
    const barcode = await h.database.db.selectFrom('barcodes').selectAll().limit(1).executeTakeFirstOrThrow();
    const error2 = await h.database.db
      .insertInto('barcodes')
      .values(barcode)
      .execute()
      .catch((e: unknown) => e);
    expect(uniqueViolationOf(error2)).toEqual({ table: 'barcodes', columns: ['organisation_id', 'code'] });
  });
});
