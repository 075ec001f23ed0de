import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../app.ts';

/** Registers the catalogue's HTTP routes. */
export function registerCatalogRoutes(_app: FastifyInstance, _deps: ModuleDeps): void {}
