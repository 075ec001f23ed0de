import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../database.ts';
import { SEARCH_PREFIX_LENGTH } from './0007-search-prefixes.ts';

// SQLite product search gets the PostgreSQL shape (0007): the FTS5 index keeps
// prefix indexes up to four letters, a query word is matched by its first four
// letters and longer words are rechecked against products.search_text
// (search-index.sqlite.ts). Without a prefix index for the word's length, FTS5
// answers `"haven"*` by reading the whole merged doclist of every term with
// that prefix before it returns the first row, and bm25 reads every doclist
// once more to count its rows: a common word cost the whole catalogue. A
// prefix index streams in rowid order and stops at the candidate cap.
//
// FTS5 cannot change its prefix option in place: the (contentless) table is
// made again and filled from products.search_text, which is what it indexed.
// PostgreSQL gets nothing here.

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  const prefixes = Array.from({ length: SEARCH_PREFIX_LENGTH }, (_, i) => i + 1).join(' ');
  await sql`drop table product_search`.execute(db);
  await sql
    .raw(
      `create virtual table product_search using fts5(
        body, content='', contentless_delete=1,
        tokenize='unicode61 remove_diacritics 2', prefix='${prefixes}')`,
    )
    .execute(db);
  await sql`insert into product_search (rowid, body) select search_id, search_text from products`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
