import type { Kysely } from 'kysely';
import type { VariantInput } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Failure } from '../../http/errors.ts';
import type { UniqueViolation } from '../../db/run-command.ts';
import { clashProblems, failureFromProblems, fieldFinder } from './check-product-input.ts';
import { findBarcodeHolders, findSkuHolders } from './product-references.ts';

/**
 * Turns a unique-constraint violation (a concurrent writer got there between
 * our pre-check and our insert) into the same 409 the pre-check gives, naming
 * the clashing SKU or barcode and the product that now holds it.
 */
export async function conflictToFailure(
  db: Kysely<DB>,
  organisationId: string,
  variants: VariantInput[],
  violation: UniqueViolation,
  exceptProductId?: string,
): Promise<Failure> {
  if (violation.table === 'variants' && violation.columns.includes('sku')) {
    const holders = await findSkuHolders(
      db,
      organisationId,
      variants.map((v) => v.sku),
      exceptProductId,
    );
    if (holders.length > 0) return failureFromProblems(clashProblems(holders, [], fieldFinder(variants)));
    return failure(
      'CATALOG_SKU_TAKEN',
      'One of the SKUs was taken by another product at the same moment: reload and choose another SKU.',
    );
  }
  if (violation.table === 'barcodes') {
    const holders = await findBarcodeHolders(
      db,
      organisationId,
      variants.flatMap((v) => v.barcodes ?? []),
      exceptProductId,
    );
    if (holders.length > 0) return failureFromProblems(clashProblems([], holders, fieldFinder(variants)));
    return failure(
      'CATALOG_BARCODE_TAKEN',
      'One of the barcodes was taken by another product at the same moment: reload and check the codes.',
    );
  }
  if (violation.table === 'products') {
    return failure(
      'CATALOG_PRODUCT_EXISTS',
      'A product with this id already exists: send another id, or none and let the server choose.',
    );
  }
  if (violation.table === 'variants') {
    return failure(
      'CATALOG_PRODUCT_EXISTS',
      'A variant id in this request is already used: leave variant ids out for new variants.',
    );
  }
  return failure(
    'CATALOG_PRODUCT_EXISTS',
    `The write clashes with existing data (${violation.table}): reload and try again.`,
  );
}
