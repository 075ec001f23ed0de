import type { FastifyInstance } from 'fastify';
import { HealthResponse, ReadyResponse } from '@kassa/contracts';
import type { Database } from '../db/database.ts';
import { pingDatabase } from '../db/database.ts';
import { KASSA_VERSION } from '../version.ts';

/** Liveness and readiness probes for load balancers and the CLI. */
export function registerHealthRoutes(app: FastifyInstance, database: Database, isShuttingDown: () => boolean): void {
  app.get(
    '/api/v1/health',
    {
      config: { permission: 'public' },
      schema: { tags: ['system'], summary: 'Liveness', description: 'Answers while the process runs.', response: { 200: HealthResponse } },
    },
    async () => ({ status: 'ok' as const, version: KASSA_VERSION }),
  );
  app.get(
    '/api/v1/ready',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Readiness',
        description: 'Ready when the database answers and the server is not shutting down; 503 otherwise.',
        response: { 200: ReadyResponse, 503: ReadyResponse },
      },
    },
    async (_request, reply) => {
      try {
        if (isShuttingDown()) throw new Error('shutting down');
        await pingDatabase(database.db);
        return { status: 'ready' as const, database: database.dialect };
      } catch {
        return reply.status(503).send({ status: 'not_ready' as const, database: database.dialect });
      }
    },
  );
}
