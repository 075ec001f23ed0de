import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CatalogModuleDeps } from './catalog.routes.ts';
import type { CatalogDeps } from './create-product.ts';

/** What every catalogue route needs: the typed app, the database and the time. */
export interface RouteContext {
  typed: ReturnType<typeof typedApp>;
  catalog: CatalogDeps;
  now: () => string;
}

const typedApp = (app: FastifyInstance) => app.withTypeProvider<TypeBoxTypeProvider>();

/** Builds the route context once per registration. */
export function routeContext(app: FastifyInstance, deps: CatalogModuleDeps): RouteContext {
  return {
    typed: typedApp(app),
    catalog: { db: deps.database.db, dialect: deps.database.dialect, searchMemory: deps.searchMemory },
    now: () => deps.clock.now().toISOString(),
  };
}

export const CATALOG_TAGS = ['catalog'];
export const READ = { permission: 'catalog.read' };
export const WRITE = { permission: 'catalog.write' };
