import type { FastifyInstance } from 'fastify';
import {
  Category,
  CategoryInput,
  CategoryList,
  CategoryListQuery,
  IdParams,
  UpdateCategoryBody,
} from '@kassa/contracts';
import type { CatalogModuleDeps } from './catalog.routes.ts';
import { unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf } from '../auth/index.ts';
import { listCategories } from './categories.repository.ts';
import { createCategory, setCategoryArchived, updateCategory } from './manage-categories.ts';
import { CATALOG_TAGS as tags, READ, WRITE, routeContext, type RouteContext } from './route-context.ts';

function listAndCreateRoutes({ typed, catalog, now }: RouteContext): void {
  typed.get(
    '/api/v1/categories',
    {
      config: READ,
      schema: {
        tags,
        summary: 'List categories',
        description: 'The whole category tree as a flat list, parents before children, siblings by position.',
        querystring: CategoryListQuery,
        response: { 200: CategoryList, ...errorResponses() },
      },
    },
    async (request) => ({
      items: await listCategories(
        catalog.db,
        actorOf(request).organisationId,
        request.query.archived ?? false,
      ),
    }),
  );
  typed.post(
    '/api/v1/categories',
    {
      config: WRITE,
      schema: {
        tags,
        summary: 'Create a category',
        description: 'Creates a category at the top or under an active parent; sibling names must differ.',
        body: CategoryInput,
        response: { 201: Category, ...errorResponses(409, 422) },
      },
    },
    async (request, reply) => {
      const { organisationId } = actorOf(request);
      return reply
        .status(201)
        .send(unwrap(await createCategory(catalog, { organisationId, input: request.body, now: now() })));
    },
  );
}

function updateRoute({ typed, catalog }: RouteContext): void {
  typed.put(
    '/api/v1/categories/:id',
    {
      config: WRITE,
      schema: {
        tags,
        summary: 'Rename, move or reorder a category',
        description:
          'Send the `version` you read (409 when stale). A category cannot be moved under itself or its own subcategories.',
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: Category, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const { organisationId } = actorOf(request);
      return unwrap(
        await updateCategory(catalog, { organisationId, id: request.params.id, input: request.body }),
      );
    },
  );
}

function archiveRoutes({ typed, catalog, now }: RouteContext): void {
  const actions = {
    archive: {
      archived: true,
      summary: 'Archive a category',
      description:
        'Hides the category; archive or move its subcategories first. Its products keep their category.',
    },
    restore: {
      archived: false,
      summary: 'Restore a category',
      description: 'Makes an archived category active again (its parent must be active).',
    },
  };
  for (const [action, { archived, summary, description }] of Object.entries(actions)) {
    typed.post(
      `/api/v1/categories/:id/${action}`,
      {
        config: WRITE,
        schema: {
          tags,
          summary,
          description,
          params: IdParams,
          response: { 200: Category, ...errorResponses(404, 409, 422) },
        },
      },
      async (request) => {
        const command = {
          organisationId: actorOf(request).organisationId,
          id: request.params.id,
          now: now(),
        };
        return unwrap(await setCategoryArchived(catalog, command, archived));
      },
    );
  }
}

/** The category tree: list, create, rename/move, archive, restore. */
export function registerCategoryRoutes(app: FastifyInstance, deps: CatalogModuleDeps): void {
  const context = routeContext(app, deps);
  for (const register of [listAndCreateRoutes, updateRoute, archiveRoutes]) register(context);
}
