import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { toPage } from '../../db/page.ts';

export interface JournalFilter {
  organisationId: string;
  /** Staff see the entries of their stores only; organisation-wide entries need 'all'. */
  visibleStoreIds?: 'all' | string[];
  registerId?: string;
  kind?: string;
  documentId?: string;
  from?: string;
  to?: string;
  afterId?: string;
  limit: number;
}

/** Journal entries in recording order (ids are UUIDv7, so id order is time order). */
export async function listJournalEntries(db: Kysely<DB>, filter: JournalFilter) {
  let query = db
    .selectFrom('journal_entries')
    .selectAll()
    .where('organisation_id', '=', filter.organisationId);
  if (Array.isArray(filter.visibleStoreIds))
    query = query.where('store_id', 'in', filter.visibleStoreIds.length ? filter.visibleStoreIds : ['-']);
  if (filter.registerId) query = query.where('register_id', '=', filter.registerId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.documentId) query = query.where('document_id', '=', filter.documentId);
  if (filter.from) query = query.where('recorded_at', '>=', filter.from);
  if (filter.to) query = query.where('recorded_at', '<', filter.to);
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  const rows = await query
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  const items = rows.map((row) => ({
    id: row.id,
    chainId: row.chain_id,
    seq: Number(row.seq),
    kind: row.kind,
    storeId: row.store_id,
    registerId: row.register_id,
    documentId: row.document_id,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    payload: JSON.parse(row.payload) as unknown,
    previousHash: row.previous_hash,
    hash: row.hash,
  }));
  return toPage(items, filter.limit, (item) => item.id);
}
