import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Store, StoreView, StoreViewList, Uuid } from '@kassa/contracts';
import { notFound } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import type { ModuleDeps } from '../../app.ts';
import { actorOf, AUTHENTICATED, canSeeStore, DEVICE, deviceOf } from '../auth/index.ts';
import { listStores, type StoreRow } from './stores.repository.ts';
import { registerFavouritesRoutes } from './favourites.routes.ts';

function toView(store: StoreRow) {
  return {
    id: store.id,
    name: store.name,
    addressLine1: store.addressLine1,
    postalCode: store.postalCode,
    city: store.city,
    country: store.country,
    currency: store.currency,
    timeZone: store.timeZone,
    registers: store.registers,
  };
}

/** Stores the caller may see: all of the organisation for tokens and all-store staff, otherwise their own. */
export function registerStoreRoutes(root: FastifyInstance, deps: ModuleDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  registerFavouritesRoutes(root, deps);
  app.get(
    '/api/v1/stores',
    {
      config: { permission: AUTHENTICATED },
      schema: {
        tags: ['stores'],
        summary: 'List stores',
        description: 'Only the stores you may see, with their registers.',
        response: { 200: StoreViewList, ...errorResponses() },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const stores = await listStores(deps.database.db, actor.organisationId);
      return { items: stores.filter((s) => canSeeStore(actor, s.id)).map(toView) };
    },
  );
  app.get(
    '/api/v1/stores/:id',
    {
      config: { permission: AUTHENTICATED },
      schema: {
        tags: ['stores'],
        summary: 'Get a store',
        description: 'A store you may see; others answer 404.',
        params: Type.Object({ id: Uuid }),
        response: { 200: StoreView, ...errorResponses(404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const store = (await listStores(deps.database.db, actor.organisationId)).find(
        (s) => s.id === request.params.id,
      );
      if (!store || !canSeeStore(actor, store.id)) throw notFound('Store', request.params.id);
      return toView(store);
    },
  );
  app.get(
    '/api/v1/devices/me/store',
    {
      config: { permission: DEVICE },
      schema: {
        tags: ['devices'],
        summary: "This device's store and its sale settings",
        description:
          'The store of the register this device is enrolled on: currency, time zone, whether prices include tax, ' +
          'tax and cash rounding (the register computes every sale with these, offline too), and the name, address, ' +
          'VAT and KvK numbers printed on its receipts.',
        response: { 200: Store, ...errorResponses(404) },
      },
    },
    async (request) => {
      const device = deviceOf(actorOf(request));
      const store = (await listStores(deps.database.db, device.organisationId)).find((s) => s.id === device.storeId);
      if (!store) throw notFound('Store', device.storeId);
      const { organisationId: _organisation, ...view } = store;
      return view;
    },
  );
}
