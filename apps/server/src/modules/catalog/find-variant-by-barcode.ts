import type { Kysely } from 'kysely';
import type { BarcodeLookup } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { CompiledOnce } from '../../db/fixed-sql.ts';
import { assembleProducts, selectProductRows, type ProductRow } from './products.repository.ts';

// Every scan runs it: built once (db/fixed-sql.ts).
const BY_BARCODE = new CompiledOnce(
  (db, marks) =>
    selectProductRows(db)
      .innerJoin('variants as hv', 'hv.product_id', 'p.id')
      .innerJoin('barcodes as hb', 'hb.variant_id', 'hv.id')
      .select('hb.variant_id as hit_variant_id')
      .where('hb.organisation_id', '=', marks.organisationId)
      .where('hb.code', '=', marks.code),
  ['organisationId', 'code'] as const,
);

/**
 * Resolves a scanned barcode on the selling path: one query through the
 * barcodes primary key (organisation_id, code) straight to the product row,
 * then the product's variants, barcodes and store prices. On PostgreSQL the
 * key carries variant_id and the barcodes and store prices come from covering
 * indexes (migration 0014), so a scan reads only the leaf and heap pages it
 * cannot do without: on a catalogue larger than shared_buffers each is a
 * likely first read. Archived products and variants are returned flagged,
 * so the register can say why it cannot sell them.
 */
export async function findVariantByBarcode(
  db: Kysely<DB>,
  organisationId: string,
  code: string,
): Promise<Outcome<BarcodeLookup>> {
  const [row] = await BY_BARCODE.run<ProductRow & { hit_variant_id: string }>(db, { organisationId, code });
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
