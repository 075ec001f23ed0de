import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aProduct, aVariant, anEan13, startCatalog, type CatalogHarness } from './catalog-builders.ts';

describe.each(DIALECTS)('changing products on %s', (dialect) => {
  let h: CatalogHarness;
  beforeAll(async () => {
    h = await startCatalog(dialect);
  });
  afterAll(async () => h?.close());

  const create = async (body = aProduct()) => (await h.call('POST', '/api/v1/products', body)).json();

  describe('PUT /api/v1/products/{id}', () => {
    it('updates fields, keeps matched variants by id, adds new ones and archives missing ones', async () => {
      const product = await create(
        aProduct({ variants: [aVariant({ sku: 'UPD-A' }), aVariant({ sku: 'UPD-B' })] }),
      );
      const [a, b] = product.variants;
      const newCode = anEan13();
      const res = await h.call('PUT', `/api/v1/products/${product.id}`, {
        version: 1,
        name: 'Mok Strand 500 ml',
        taxClass: 'reduced',
        brand: 'Zeeuws',
        variants: [
          { id: a.id, sku: 'UPD-A', price: 1495, barcodes: [newCode] },
          { sku: 'UPD-C', price: 995 },
        ],
      });
      expect(res.statusCode).toBe(200);
      const updated = res.json();
      expect(updated).toMatchObject({
        name: 'Mok Strand 500 ml',
        taxClass: 'reduced',
        brand: 'Zeeuws',
        version: 2,
      });
      expect(updated.changeSeq).toBeGreaterThan(product.changeSeq);
      const bySku = Object.fromEntries(updated.variants.map((v: { sku: string }) => [v.sku, v]));
      expect(bySku['UPD-A']).toMatchObject({ id: a.id, price: 1495, barcodes: [newCode], archived: false });
      expect(bySku['UPD-B']).toMatchObject({ id: b.id, archived: true, barcodes: [] });
      expect(bySku['UPD-C']).toMatchObject({ archived: false, price: 995 });
      const rows = await h.database.db
        .selectFrom('variants')
        .select('id')
        .where('product_id', '=', product.id)
        .execute();
      expect(rows).toHaveLength(3); // archived, never deleted
    });

    it('brings an archived variant back when it is sent again', async () => {
      const product = await create(
        aProduct({ variants: [aVariant({ sku: 'BACK-A' }), aVariant({ sku: 'BACK-B' })] }),
      );
      const [a, b] = product.variants;
      await h.call('PUT', `/api/v1/products/${product.id}`, {
        version: 1,
        name: product.name,
        taxClass: 'standard',
        variants: [{ id: a.id, sku: 'BACK-A', price: 100 }],
      });
      const res = await h.call('PUT', `/api/v1/products/${product.id}`, {
        version: 2,
        name: product.name,
        taxClass: 'standard',
        variants: [
          { id: a.id, sku: 'BACK-A', price: 100 },
          { id: b.id, sku: 'BACK-B', price: 200 },
        ],
      });
      expect(res.json().variants.map((v: { archived: boolean }) => v.archived)).toEqual([false, false]);
    });

    it('refuses a stale version (409) and changes nothing', async () => {
      const product = await create();
      const body = {
        version: 1,
        name: 'Eerste',
        taxClass: 'standard',
        variants: [{ id: product.variants[0].id, sku: product.variants[0].sku, price: 1 }],
      };
      expect((await h.call('PUT', `/api/v1/products/${product.id}`, body)).statusCode).toBe(200);
      const stale = await h.call('PUT', `/api/v1/products/${product.id}`, { ...body, name: 'Tweede' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({
        code: 'CATALOG_STALE_VERSION',
        details: { sentVersion: 1, currentVersion: 2 },
      });
      expect((await h.call('GET', `/api/v1/products/${product.id}`)).json().name).toBe('Eerste');
    });

    it('refuses a SKU of another product (409) but lets a product keep its own', async () => {
      const other = await create(aProduct({ name: 'Andere', variants: [aVariant({ sku: 'TAKEN-1' })] }));
      const product = await create();
      const keep = await h.call('PUT', `/api/v1/products/${product.id}`, {
        version: 1,
        name: 'x',
        taxClass: 'standard',
        variants: [{ sku: product.variants[0].sku, price: 5 }],
      });
      expect(keep.statusCode).toBe(200);
      expect(keep.json().variants[0].id).toBe(product.variants[0].id); // matched by SKU when no id is sent
      const res = await h.call('PUT', `/api/v1/products/${product.id}`, {
        version: 2,
        name: 'x',
        taxClass: 'standard',
        variants: [{ sku: 'TAKEN-1', price: 5 }],
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details).toMatchObject({ sku: 'TAKEN-1', productId: other.id });
    });

    it('refuses a variant id of another product (422) and an unknown product (404)', async () => {
      const other = await create();
      const product = await create();
      const res = await h.call('PUT', `/api/v1/products/${product.id}`, {
        version: 1,
        name: 'x',
        taxClass: 'standard',
        variants: [{ id: other.variants[0].id, sku: 'ZZZ-1', price: 5 }],
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('CATALOG_UNKNOWN_VARIANT');
      const missing = await h.call('PUT', '/api/v1/products/0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d', {
        version: 1,
        name: 'x',
        taxClass: 'standard',
        variants: [{ sku: 'ZZZ-2', price: 5 }],
      });
      expect(missing.statusCode).toBe(404);
    });
  });

  describe('archive and restore', () => {
    it('archives a product (hidden from lists, barcode still resolves flagged) and restores it', async () => {
      const code = anEan13();
      const product = await create(
        aProduct({ name: 'Archiefkast', variants: [aVariant({ barcodes: [code] })] }),
      );
      const archived = await h.call('POST', `/api/v1/products/${product.id}/archive`);
      expect(archived.json()).toMatchObject({ archived: true, version: 2 });
      const list = (await h.call('GET', '/api/v1/products?q=archiefkast')).json();
      expect(list.items).toEqual([]);
      expect(
        (await h.call('GET', '/api/v1/products?q=archiefkast&archived=true'))
          .json()
          .items.map((p: { id: string }) => p.id),
      ).toEqual([product.id]);
      const scan = await h.call('GET', `/api/v1/barcodes/${code}`);
      expect(scan.json().product).toMatchObject({ id: product.id, archived: true });
      const again = await h.call('POST', `/api/v1/products/${product.id}/archive`);
      expect(again.json().version).toBe(2); // repeating changes nothing
      const restored = await h.call('POST', `/api/v1/products/${product.id}/restore`);
      expect(restored.json()).toMatchObject({ archived: false, version: 3 });
    });

    it('answers 404 for an unknown product', async () => {
      expect(
        (await h.call('POST', '/api/v1/products/0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d/archive')).statusCode,
      ).toBe(404);
    });
  });

  describe('POST /api/v1/products/{id}/variants/matrix', () => {
    it('generates size × colour variants with sanitised SKUs and skips combinations that exist', async () => {
      const product = await create(
        aProduct({
          name: 'T-shirt Basic',
          optionNames: ['Maat', 'Kleur'],
          variants: [aVariant({ sku: 'TEE-S-OKER', options: { Maat: 'S', Kleur: 'Oker' } })],
        }),
      );
      const res = await h.call('POST', `/api/v1/products/${product.id}/variants/matrix`, {
        options: [
          { name: 'Maat', values: ['S', 'M'] },
          { name: 'Kleur', values: ['Oker', 'Crème wit'] },
        ],
        skuPrefix: 'tee',
        price: 1995,
      });
      expect(res.statusCode).toBe(200);
      const skus = res.json().variants.map((v: { sku: string }) => v.sku);
      expect(skus).toEqual(['TEE-S-OKER', 'TEE-S-CREME-WIT', 'TEE-M-OKER', 'TEE-M-CREME-WIT']);
      expect(res.json().version).toBe(2);
      const again = await h.call('POST', `/api/v1/products/${product.id}/variants/matrix`, {
        options: [{ name: 'Maat', values: ['S', 'M'] }],
        skuPrefix: 'tee',
        price: 1995,
      });
      expect(again.statusCode).toBe(200);
      expect(again.json().variants).toHaveLength(6); // {Maat:S} and {Maat:M} alone are new combinations
    });

    it('refuses generated SKUs that another product holds (409) and an unknown product (404)', async () => {
      const other = await create(aProduct({ variants: [aVariant({ sku: 'CAP-L' })] }));
      const product = await create();
      const res = await h.call('POST', `/api/v1/products/${product.id}/variants/matrix`, {
        options: [{ name: 'Maat', values: ['L'] }],
        skuPrefix: 'cap',
        price: 1,
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details).toMatchObject({ sku: 'CAP-L', productId: other.id });
      const missing = await h.call(
        'POST',
        '/api/v1/products/0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d/variants/matrix',
        { options: [{ name: 'Maat', values: ['L'] }], skuPrefix: 'cap', price: 1 },
      );
      expect(missing.statusCode).toBe(404);
    });
  });

  describe('GET /api/v1/barcodes/{code}', () => {
    it('returns the variant and its product', async () => {
      const code = anEan13();
      const product = await create(
        aProduct({ variants: [aVariant(), aVariant({ barcodes: [anEan13(), code] })] }),
      );
      const res = await h.call('GET', `/api/v1/barcodes/${code}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().variant).toEqual(product.variants[1]);
      expect(res.json().product).toEqual(product);
    });

    // The barcodes and store prices come from covering indexes (migration 0014): they must still
    // arrive in the owner's barcode order (not code order) and in store order.
    it("keeps each variant's barcode order and its store prices", async () => {
      const [first, second] = h.shop.stores.map((s) => s.id).sort();
      // Given against code order, so that an index's order cannot pass for the owner's.
      const [low, high] = [anEan13(), anEan13()].sort() as [string, string];
      const product = await create(
        aProduct({
          variants: [
            aVariant({ barcodes: [anEan13()], storePrices: [{ storeId: first!, price: 100 }] }),
            aVariant({
              barcodes: [high, low],
              storePrices: [
                { storeId: second!, price: 1195 },
                { storeId: first!, price: 1095 },
              ],
            }),
          ],
        }),
      );
      const res = await h.call('GET', `/api/v1/barcodes/${low}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().variant).toMatchObject({
        id: product.variants[1].id,
        barcodes: [high, low],
        storePrices: [
          { storeId: first, price: 1095 },
          { storeId: second, price: 1195 },
        ],
      });
      expect(res.json().product.variants.map((v: { sku: string }) => v.sku)).toEqual(
        product.variants.map((v: { sku: string }) => v.sku),
      );
      expect(res.json().product.variants[0].storePrices).toEqual([{ storeId: first, price: 100 }]);
    });

    it('answers 404 for a code no variant carries', async () => {
      const res = await h.call('GET', `/api/v1/barcodes/${anEan13()}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('CATALOG_BARCODE_NOT_FOUND');
    });

    it('may be used with a read-only token', async () => {
      const res = await h.app.inject({
        method: 'GET',
        url: `/api/v1/barcodes/${anEan13()}`,
        headers: { authorization: `Bearer ${h.shop.readOnlyToken}` },
      });
      expect(res.statusCode).toBe(404);
    });
  });
});
