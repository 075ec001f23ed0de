import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { BarcodeLookup, BarcodeParams, CatalogChanges, CatalogChangesQuery } from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf } from '../auth/index.ts';
import { registerCatalogErrorStatuses } from './catalog.errors.ts';
import { registerCategoryRoutes } from './categories.routes.ts';
import { findVariantByBarcode } from './find-variant-by-barcode.ts';
import { registerProductRoutes } from './products.routes.ts';
import { readCatalogChanges } from './read-catalog-changes.ts';
import type { SearchMemory } from './search-memory.ts';

const tags = ['catalog'];

/** The catalogue's routes also search from memory (search-memory.ts). */
export type CatalogModuleDeps = ModuleDeps & { searchMemory?: SearchMemory | undefined };

/** Registers the catalogue's HTTP routes. */
export function registerCatalogRoutes(app: FastifyInstance, deps: CatalogModuleDeps): void {
  registerCatalogErrorStatuses();
  registerProductRoutes(app, deps);
  registerCategoryRoutes(app, deps);
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.database.db;

  typed.get(
    '/api/v1/barcodes/:code',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags,
        summary: 'Look up a barcode',
        description:
          'The variant carrying this barcode and its product, as a register needs it after a scan. Archived products and variants are returned flagged; check `archived` before selling.',
        params: BarcodeParams,
        response: { 200: BarcodeLookup, ...errorResponses(404) },
      },
    },
    async (request) =>
      unwrap(
        await findVariantByBarcode(
          db,
          actorOf(request).organisationId,
          request.params.code,
          deps.searchMemory,
        ),
      ),
  );

  typed.get(
    '/api/v1/catalog/changes',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags,
        summary: 'Catalogue change feed',
        description:
          'What a register needs to keep its local copy exact: products (with variants, barcodes, store prices; archived ones flagged), tax rates and categories changed after `since`. ' +
          'Omit `since` for a full snapshot; keep asking with the returned `cursor` while `hasMore` is true.',
        querystring: CatalogChangesQuery,
        response: { 200: CatalogChanges, ...errorResponses() },
      },
    },
    async (request) => unwrap(await readCatalogChanges(db, actorOf(request).organisationId, request.query)),
  );
}
