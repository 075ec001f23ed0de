import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import {
  aProduct,
  aVariant,
  anEan13,
  startCatalog,
  withWrongCheckDigit,
  type CatalogHarness,
} from './catalog-builders.ts';

describe.each(DIALECTS)('products on %s', (dialect) => {
  let h: CatalogHarness;
  beforeAll(async () => {
    h = await startCatalog(dialect);
  });
  afterAll(async () => h?.close());

  describe('POST /api/v1/products', () => {
    it('creates a product with variants, barcodes, store prices and a brand made on first use', async () => {
      const storeId = h.shop.stores[0]!.id;
      const barcode = anEan13();
      const res = await h.call(
        'POST',
        '/api/v1/products',
        aProduct({
          name: 'Crème Brûlée Kaars',
          brand: 'Kaarsenmakerij Gouda',
          tags: ['geur', 'cadeau'],
          unit: 'piece',
          variants: [
            aVariant({
              sku: 'KRS-CB-1',
              options: { Geur: 'Vanille' },
              barcodes: [barcode],
              costPrice: 400,
              storePrices: [{ storeId, price: 1195 }],
            }),
          ],
        }),
      );
      expect(res.statusCode).toBe(201);
      const product = res.json();
      expect(product).toMatchObject({
        name: 'Crème Brûlée Kaars',
        brand: 'Kaarsenmakerij Gouda',
        taxClass: 'standard',
        unit: 'piece',
        tags: ['geur', 'cadeau'],
        optionNames: ['Geur'],
        archived: false,
        version: 1,
      });
      expect(product.variants).toEqual([
        {
          id: expect.any(String),
          sku: 'KRS-CB-1',
          options: { Geur: 'Vanille' },
          price: 1295,
          costPrice: 400,
          supplierCode: null,
          barcodes: [barcode],
          storePrices: [{ storeId, price: 1195 }],
          archived: false,
        },
      ]);
      const again = await h.call('GET', `/api/v1/products/${product.id}`);
      expect(again.json()).toEqual(product);
    });

    it('reuses a brand by name instead of creating it twice', async () => {
      await h.call('POST', '/api/v1/products', aProduct({ brand: 'Douwe Egberts' }));
      await h.call('POST', '/api/v1/products', aProduct({ brand: 'Douwe Egberts' }));
      const brands = await h.database.db
        .selectFrom('brands')
        .select('id')
        .where('name', '=', 'Douwe Egberts')
        .execute();
      expect(brands).toHaveLength(1);
    });

    it('refuses a SKU another product has, naming that product (409)', async () => {
      const first = (
        await h.call(
          'POST',
          '/api/v1/products',
          aProduct({ name: 'Theepot Delfts', variants: [aVariant({ sku: 'POT-DELFT' })] }),
        )
      ).json();
      const res = await h.call(
        'POST',
        '/api/v1/products',
        aProduct({ variants: [aVariant({ sku: 'POT-DELFT' })] }),
      );
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'CATALOG_SKU_TAKEN',
        details: { sku: 'POT-DELFT', productId: first.id, productName: 'Theepot Delfts' },
      });
      expect(res.json().error.message).toContain('Theepot Delfts');
    });

    it('refuses a barcode another product has, naming that product (409)', async () => {
      const code = anEan13();
      const first = (
        await h.call(
          'POST',
          '/api/v1/products',
          aProduct({ name: 'Stroopwafels', variants: [aVariant({ barcodes: [code] })] }),
        )
      ).json();
      const res = await h.call(
        'POST',
        '/api/v1/products',
        aProduct({ variants: [aVariant({ barcodes: [code] })] }),
      );
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'CATALOG_BARCODE_TAKEN',
        details: { barcode: code, productId: first.id },
      });
    });

    it('refuses the same SKU or barcode twice in one body (409) and writes nothing', async () => {
      const code = anEan13();
      const dupSku = await h.call(
        'POST',
        '/api/v1/products',
        aProduct({ name: 'Dubbel', variants: [aVariant({ sku: 'DUP-1' }), aVariant({ sku: 'DUP-1' })] }),
      );
      expect(dupSku.statusCode).toBe(409);
      expect(dupSku.json().error).toMatchObject({
        code: 'CATALOG_DUPLICATE_SKU',
        details: { field: 'variants[1].sku', sku: 'DUP-1' },
      });
      const dupCode = await h.call(
        'POST',
        '/api/v1/products',
        aProduct({
          name: 'Dubbel',
          variants: [aVariant({ barcodes: [code] }), aVariant({ barcodes: [code] })],
        }),
      );
      expect(dupCode.json().error.code).toBe('CATALOG_DUPLICATE_BARCODE');
      expect(
        await h.database.db.selectFrom('products').select('id').where('name', '=', 'Dubbel').execute(),
      ).toEqual([]);
    });

    it('refuses a wrong EAN check digit and says which digit was expected (422)', async () => {
      const { code, expected } = withWrongCheckDigit(anEan13());
      const res = await h.call(
        'POST',
        '/api/v1/products',
        aProduct({ variants: [aVariant({ barcodes: [code] })] }),
      );
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({
        code: 'CATALOG_INVALID_BARCODE',
        details: { field: 'variants[0].barcodes[0]', expected, kind: 'EAN-13' },
      });
      expect(res.json().error.message).toContain(`should be ${expected}`);
    });

    it('accepts Code 128 text without a check digit', async () => {
      const res = await h.call(
        'POST',
        '/api/v1/products',
        aProduct({ variants: [aVariant({ barcodes: ['KASSA-0001'] })] }),
      );
      expect(res.statusCode).toBe(201);
    });

    it('refuses an unknown tax class and lists the valid codes (422)', async () => {
      const res = await h.call('POST', '/api/v1/products', aProduct({ taxClass: 'luxe' }));
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({
        code: 'CATALOG_UNKNOWN_TAX_CLASS',
        details: { validCodes: ['reduced', 'standard', 'zero'] },
      });
      expect(res.json().error.message).toContain('reduced, standard, zero');
    });

    it('refuses a store price for a store of another organisation and an unknown category (422, all problems listed)', async () => {
      const res = await h.call(
        'POST',
        '/api/v1/products',
        aProduct({
          categoryId: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d',
          variants: [
            aVariant({ storePrices: [{ storeId: '0192f1c4-3b7e-7a10-9c3d-000000000000', price: 100 }] }),
          ],
        }),
      );
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('CATALOG_UNKNOWN_CATEGORY');
      expect(res.json().error.details.problems.map((p: { code: string }) => p.code)).toEqual([
        'CATALOG_UNKNOWN_CATEGORY',
        'CATALOG_UNKNOWN_STORE',
      ]);
    });

    it('refuses malformed input with every field listed (400)', async () => {
      const res = await h.call('POST', '/api/v1/products', {
        name: '',
        taxClass: 'standard',
        variants: [{ sku: ' X', price: -1, colour: 'red' }],
      });
      expect(res.statusCode).toBe(400);
      const fields = res.json().error.details.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'body.name',
          'body.variants.0.sku',
          'body.variants.0.price',
          'body.variants.0.colour',
        ]),
      );
    });

    it('takes the organisation from the token, and a read-only token may not write (403)', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: { authorization: `Bearer ${h.shop.readOnlyToken}` },
        payload: aProduct(),
      });
      expect(res.statusCode).toBe(403);
      const anonymous = await h.app.inject({ method: 'GET', url: '/api/v1/products' });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe('idempotent creation', () => {
    it('answers a replay with the same Idempotency-Key and body with the first response, creating one product', async () => {
      const body = aProduct({ name: 'Herhaalde Mok' });
      const headers = { 'idempotency-key': `key-${dialect}-1` };
      const first = await h.call('POST', '/api/v1/products', body, headers);
      const second = await h.call('POST', '/api/v1/products', body, headers);
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.json()).toEqual(first.json());
      expect(
        await h.database.db.selectFrom('products').select('id').where('name', '=', 'Herhaalde Mok').execute(),
      ).toHaveLength(1);
    });

    it('refuses the same Idempotency-Key with another body (409)', async () => {
      const headers = { 'idempotency-key': `key-${dialect}-2` };
      await h.call('POST', '/api/v1/products', aProduct(), headers);
      const res = await h.call('POST', '/api/v1/products', aProduct(), headers);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('treats a client id the same way: replay returns the first product, another body is 409', async () => {
      const id = '01930000-0000-7000-8000-00000000000' + (dialect === 'sqlite' ? '1' : '2');
      const body = aProduct({ id, name: 'Eigen id' });
      const first = await h.call('POST', '/api/v1/products', body);
      const replay = await h.call('POST', '/api/v1/products', body);
      expect(first.json().id).toBe(id);
      expect(replay.json()).toEqual(first.json());
      const other = await h.call('POST', '/api/v1/products', { ...body, name: 'Ander' });
      expect(other.statusCode).toBe(409);
    });
  });

  describe('GET /api/v1/products/{id}', () => {
    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const missing = await h.call('GET', '/api/v1/products/0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('CATALOG_PRODUCT_NOT_FOUND');
      expect((await h.call('GET', '/api/v1/products/nope')).statusCode).toBe(400);
    });
  });
});
