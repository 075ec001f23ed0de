import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { JournalPage, JournalQuery, JournalVerification } from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, visibleStoreIds } from '../auth/index.ts';
import { listJournalEntries } from './journal.repository.ts';
import { verifyJournal } from './verify-journal.ts';

/** Reading and verifying the journal. Nothing here writes: entries are appended by the use cases that journal. */
export function registerJournalRoutes(server: FastifyInstance, deps: ModuleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/journal',
    {
      config: { permission: 'journal.read' },
      schema: {
        tags: ['journal'],
        summary: 'List journal entries',
        description:
          'The append-only, hash-chained journal in recording order, for audit and export. Filter by register, kind, document or time.',
        querystring: JournalQuery,
        response: { 200: JournalPage, ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query;
      return listJournalEntries(deps.database.db, {
        organisationId: actorOf(request).organisationId,
        visibleStoreIds: visibleStoreIds(actorOf(request)),
        registerId: q.registerId,
        kind: q.kind,
        documentId: q.documentId,
        from: q.from,
        to: q.to,
        afterId: q.cursor,
        limit: q.limit ?? 50,
      });
    },
  );

  app.get(
    '/api/v1/journal/verification',
    {
      config: { permission: 'journal.read' },
      schema: {
        tags: ['journal'],
        summary: 'Verify the journal',
        description:
          'Recomputes every hash chain of your organisation (staff of some stores: the chains of the registers of their stores) and compares each chain with its head kept outside the chain. `ok: false` lists where each chain breaks.',
        response: { 200: JournalVerification, ...errorResponses() },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return verifyJournal(deps.database.db, { organisationId: actor.organisationId, storeIds: visibleStoreIds(actor) });
    },
  );
}
