export { registerSyncRoutes } from './sync.routes.ts';
export { pushOutbox, type SyncItem, type SyncItemResult } from './push-outbox.ts';
