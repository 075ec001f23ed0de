import type { Kysely } from 'kysely';
import type { BarcodeLookup } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { assembleProducts, selectProductRows } from './products.repository.ts';

/**
 * Resolves a scanned barcode on the selling path: one query through the
 * barcodes primary key (organisation_id, code) straight to the product row,
 * then the product's variants, barcodes and store prices. Archived products
 * and variants are returned flagged, so the register can say why it cannot
 * sell them.
 */
export async function findVariantByBarcode(
  db: Kysely<DB>,
  organisationId: string,
  code: string,
): Promise<Outcome<BarcodeLookup>> {
  const row = await selectProductRows(db)
    .innerJoin('variants as hv', 'hv.product_id', 'p.id')
    .innerJoin('barcodes as hb', 'hb.variant_id', 'hv.id')
    .select('hb.variant_id as hit_variant_id')
    .where('hb.organisation_id', '=', organisationId)
    .where('hb.code', '=', code)
    .executeTakeFirst();
  const [product] = row ? assembleProducts([row]) : [];
  const variant = product?.variants.find((v) => v.id === row?.hit_variant_id);
  if (!product || !variant) {
    return {
      ok: false,
      error: failure(
        'CATALOG_BARCODE_NOT_FOUND',
        `No product has barcode ${code}: check the code, or add it to a variant (PUT /api/v1/products/{id}).`,
        { barcode: code },
      ),
    };
  }
  return { ok: true, value: { variant, product } };
}
