import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ErrorBody } from '@kassa/contracts';
import { KASSA_VERSION } from '../version.ts';

/**
 * OpenAPI 3.1 generated from the route schemas (which come from
 * @kassa/contracts). Each operation's permission is written into its
 * description and into an `x-permission` extension for tooling.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.addSchema(ErrorBody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kassa API',
        version: KASSA_VERSION,
        description:
          'The REST API of Kassa, the open-source retail point of sale. Amounts are integers in minor units (cents); ' +
          'errors always have the shape `{ "error": { "code", "message", "details" } }`. Authenticate with ' +
          '`Authorization: Bearer <API token>`; each operation names the permission (token scope) it needs.',
      },
      components: {
        securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token (kassa_…)' } },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transform: ({ schema, url, route }) => {
      const permission = (route.config as { permission?: string } | undefined)?.permission;
      if (!schema || !permission) return { schema, url };
      const open = permission === 'public';
      const note = open ? 'Public: no credential needed.' : `Permission: \`${permission}\` (token scope \`${permission.replace('.', ':')}\`).`;
      const transformed = {
        ...schema,
        description: `${schema.description ?? ''}\n\n${note}`.trim(),
        'x-permission': permission,
        ...(open ? { security: [] } : { security: [{ bearerToken: [] }] }),
      };
      return { schema: transformed, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/v1/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
