export { registerAuth, actorOf, PUBLIC } from './auth.plugin.ts';
export { createApiToken, revokeApiTokensNamed, authenticateApiToken, actorHasPermission, type Actor } from './api-tokens.ts';
