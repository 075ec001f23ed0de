import { failure, type Outcome } from '../../http/errors.ts';
import type { Product } from '@kassa/contracts';
import type { CatalogDeps } from './create-product.ts';
import { findProductById } from './products.repository.ts';

/** The 404 for a product id that is unknown or belongs to another organisation. */
export const productNotFound = (id: string) =>
  failure(
    'CATALOG_PRODUCT_NOT_FOUND',
    `Product ${id} does not exist or is not visible to you: check the id (GET /api/v1/products lists them).`,
    { id },
  );

/** One product of the organisation. */
export async function getProduct(
  deps: CatalogDeps,
  organisationId: string,
  id: string,
): Promise<Outcome<Product>> {
  const product = await findProductById(deps.db, organisationId, id);
  return product ? { ok: true, value: product } : { ok: false, error: productNotFound(id) };
}
