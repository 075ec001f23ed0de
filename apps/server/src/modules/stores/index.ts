export { setupOrganisation, DUTCH_DEFAULTS, type OrganisationSetup, type OrganisationIds } from './setup-organisation.ts';
export { listStores, findFirstOrganisation, type StoreRow, type Executor } from './stores.repository.ts';
export { registerStoreRoutes } from './stores.routes.ts';
export { readFavourites, updateFavourites } from './favourites.ts';
