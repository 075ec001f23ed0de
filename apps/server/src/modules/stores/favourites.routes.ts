import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { StoreFavourites, UpdateStoreFavouritesBody, Uuid } from '@kassa/contracts';
import { unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import type { ModuleDeps } from '../../app.ts';
import { actorOf, actorRef, assertStoreAccess, auditContextOf } from '../auth/index.ts';
import { readFavourites, updateFavourites } from './favourites.ts';

const params = Type.Object({ id: Uuid });

/** The register's favourites tiles per store: read by its devices, curated with catalog.write. */
export function registerFavouritesRoutes(root: FastifyInstance, deps: ModuleDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/stores/:id/favourites',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['stores'],
        summary: "The store's favourites",
        description:
          'The items on the favourites tiles of the store’s registers, in order (archived items left out). Registers keep them for offline use.',
        params,
        response: { 200: StoreFavourites, ...errorResponses(404) },
      },
    },
    async (request) => {
      assertStoreAccess(request, request.params.id);
      return unwrap(await readFavourites(deps.database.db, actorOf(request).organisationId, request.params.id));
    },
  );
  app.put(
    '/api/v1/stores/:id/favourites',
    {
      config: { permission: 'catalog.write' },
      schema: {
        tags: ['stores'],
        summary: "Set the store's favourites",
        description:
          'Replaces the list (its order is the tiles’ order): at most 60 items, each once, none archived (422 naming `variantIds[i]`). Send the `version` you read: a stale version is 409. Recorded in the audit log (`store_favourites.updated`).',
        params,
        body: UpdateStoreFavouritesBody,
        response: { 200: StoreFavourites, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      assertStoreAccess(request, request.params.id, 'catalog.write');
      const actor = actorOf(request);
      const caller = { organisationId: actor.organisationId, actorRef: actorRef(actor), audit: auditContextOf(actor, request) };
      return unwrap(await updateFavourites(deps.database.db, caller, request.params.id, request.body, deps.clock.now().toISOString()));
    },
  );
}
