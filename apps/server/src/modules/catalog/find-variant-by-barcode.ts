import type { Kysely } from 'kysely';
import type { BarcodeLookup, Product } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { CompiledOnce } from '../../db/fixed-sql.ts';
import { assembleProducts, selectProductRows, type ProductRow } from './products.repository.ts';
import type { SearchMemory } from './search-memory.ts';

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
 * Resolves a scanned barcode on the selling path. When the organisation's
 * products are held in memory (search-memory.ts) the answer comes from there,
 * after the one statement that tells the memory is current (the catalogue's
 * change counter). Otherwise, and for a code the memory does not know, one
 * query goes through the barcodes primary key (organisation_id, code) straight
 * to the product row, then the product's variants, barcodes and store prices;
 * on PostgreSQL from covering indexes (migration 0014). On a catalogue larger
 * than the database's cache each of those pages is a likely disk read, which
 * is why the memory answers first. Archived products and variants are
 * returned flagged, so the register can say why it cannot sell them.
 */
export async function findVariantByBarcode(
  db: Kysely<DB>,
  organisationId: string,
  code: string,
  searchMemory?: SearchMemory,
): Promise<Outcome<BarcodeLookup>> {
  const held = (await searchMemory?.current(organisationId))?.documents?.withBarcode(code);
  if (held) return lookupOf(code, held, variantWith(held, code));
  const [row] = await BY_BARCODE.run<ProductRow & { hit_variant_id: string }>(db, { organisationId, code });
  const [product] = row ? assembleProducts([row]) : [];
  return lookupOf(
    code,
    product,
    product?.variants.find((v) => v.id === row?.hit_variant_id),
  );
}

const variantWith = (product: Product, code: string) =>
  product.variants.find((v) => v.barcodes.includes(code));

function lookupOf(
  code: string,
  product: Product | undefined,
  variant: Product['variants'][number] | undefined,
): Outcome<BarcodeLookup> {
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
