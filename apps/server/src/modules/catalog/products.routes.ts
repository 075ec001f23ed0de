import type { FastifyInstance } from 'fastify';
import {
  CreateProductBody,
  IdParams,
  IdempotencyHeaders,
  Product,
  ProductListQuery,
  ProductPage,
  UpdateProductBody,
  VariantMatrixBody,
} from '@kassa/contracts';
import type { CatalogModuleDeps } from './catalog.routes.ts';
import { unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf } from '../auth/index.ts';
import { addVariantMatrix } from './add-variant-matrix.ts';
import { archiveProduct, restoreProduct } from './archive-product.ts';
import { createProduct } from './create-product.ts';
import { getProduct } from './get-product.ts';
import { listProducts } from './list-products.ts';
import { CATALOG_TAGS as tags, READ, WRITE, routeContext, type RouteContext } from './route-context.ts';
import { updateProduct } from './update-product.ts';

function createRoute({ typed, catalog, now }: RouteContext): void {
  typed.post(
    '/api/v1/products',
    {
      config: WRITE,
      schema: {
        tags,
        summary: 'Create a product',
        description:
          'Creates a product with its variants, barcodes and store prices. SKUs and barcodes must be unique in your organisation; EAN/UPC check digits are verified. ' +
          'Send an `Idempotency-Key` header or your own `id` to make retries safe: a replay returns the first response.',
        headers: IdempotencyHeaders,
        body: CreateProductBody,
        response: { 201: Product, ...errorResponses(409, 422) },
      },
    },
    async (request, reply) => {
      const { organisationId } = actorOf(request);
      const idempotencyKey = request.headers['idempotency-key'];
      const created = unwrap(
        await createProduct(catalog, { organisationId, input: request.body, idempotencyKey, now: now() }),
      );
      // A replay answers with the status stored with the first response (always 201 today).
      return reply.status(created.statusCode as 201).send(created.product);
    },
  );
}

function readRoutes({ typed, catalog }: RouteContext): void {
  typed.get(
    '/api/v1/products',
    {
      config: READ,
      schema: {
        tags,
        summary: 'List or search products',
        description:
          'Without `q`: products by name. With `q`: search by name, brand, category, tags, SKU, barcode or option value, every word as a prefix, accents ignored; ' +
          'exact SKU/barcode matches first, then by relevance. Pass `nextCursor` as `cursor` for the next page.',
        querystring: ProductListQuery,
        response: { 200: ProductPage, ...errorResponses() },
      },
    },
    async (request) => unwrap(await listProducts(catalog, actorOf(request).organisationId, request.query)),
  );
  typed.get(
    '/api/v1/products/:id',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Get a product',
        description: 'One product with all its variants, archived ones flagged.',
        params: IdParams,
        response: { 200: Product, ...errorResponses(404) },
      },
    },
    async (request) => unwrap(await getProduct(catalog, actorOf(request).organisationId, request.params.id)),
  );
}

function updateRoute({ typed, catalog, now }: RouteContext): void {
  typed.put(
    '/api/v1/products/:id',
    {
      config: WRITE,
      schema: {
        tags,
        summary: 'Update a product',
        description:
          'Replaces the product and its variants. Send the `version` you read; if someone changed it since, the answer is 409 and you should reload. ' +
          'Variants are matched by id (or SKU); new ones are added, missing ones archived (never deleted: sales keep their history).',
        params: IdParams,
        body: UpdateProductBody,
        response: { 200: Product, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const { organisationId } = actorOf(request);
      return unwrap(
        await updateProduct(catalog, {
          organisationId,
          id: request.params.id,
          input: request.body,
          now: now(),
        }),
      );
    },
  );
}

function archiveRoutes({ typed, catalog, now }: RouteContext): void {
  const actions = {
    archive: {
      run: archiveProduct,
      summary: 'Archive a product',
      description:
        'Hides the product from the register and from lists; it stays for sales history and can be restored.',
    },
    restore: {
      run: restoreProduct,
      summary: 'Restore an archived product',
      description: 'Makes an archived product sellable again.',
    },
  };
  for (const [action, { run, summary, description }] of Object.entries(actions)) {
    typed.post(
      `/api/v1/products/:id/${action}`,
      {
        config: WRITE,
        schema: {
          tags,
          summary,
          description,
          params: IdParams,
          response: { 200: Product, ...errorResponses(404) },
        },
      },
      async (request) =>
        unwrap(
          await run(catalog, {
            organisationId: actorOf(request).organisationId,
            id: request.params.id,
            now: now(),
          }),
        ),
    );
  }
}

function matrixRoute({ typed, catalog, now }: RouteContext): void {
  typed.post(
    '/api/v1/products/:id/variants/matrix',
    {
      config: WRITE,
      schema: {
        tags,
        summary: 'Generate variants from options',
        description:
          'Adds one variant per combination of option values (e.g. Maat × Kleur) with SKU `PREFIX-VALUE-VALUE`; combinations the product already has are skipped.',
        params: IdParams,
        body: VariantMatrixBody,
        response: { 200: Product, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const { organisationId } = actorOf(request);
      return unwrap(
        await addVariantMatrix(catalog, {
          organisationId,
          id: request.params.id,
          input: request.body,
          now: now(),
        }),
      );
    },
  );
}

/** Product routes: thin, one use-case call each. */
export function registerProductRoutes(app: FastifyInstance, deps: CatalogModuleDeps): void {
  const context = routeContext(app, deps);
  for (const register of [createRoute, readRoutes, updateRoute, archiveRoutes, matrixRoute])
    register(context);
}
