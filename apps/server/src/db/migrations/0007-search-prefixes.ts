import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../database.ts';

// PostgreSQL product search moves from a tsvector to an array of word
// prefixes. A prefix query on a tsvector (`hav:*`, the common case while
// typing) makes the GIN index merge the posting lists of every word that
// starts so, and then rechecks each matching heap row: broad prefixes cost
// tens of milliseconds over 100k products. Here every folded word of
// `search_text` contributes its first 1–4 letters as array elements, so a
// query word's first four letters are one GIN key, several words are an
// intersection of posting lists (exact for `@>`: no recheck), and only words
// longer than four letters are rechecked against `search_text`
// (search-index.postgres.ts). The column is generated, so every write that
// sets `search_text` keeps it right, as it did the tsvector.
//
// A one-word query is the broad case (while typing, "hav" can match 40 % of a
// catalogue) and touching every match in the heap is what makes it slow; the
// term table answers it from a B-tree alone: one row per (organisation,
// folded word, search id) of every active product, so a prefix is one range
// read in order and stopped at the candidate cap. COLLATE "C" makes a prefix
// one contiguous byte range whatever the database's collation. Statement
// triggers with transition tables keep it in step with `search_text` and
// `archived_at` for any write, a 100k-row import included.
//
// SQLite keeps FTS5 and gets nothing here.

export const SEARCH_PREFIX_LENGTH = 4;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql
    .raw(
      `create function kassa_search_prefixes(search_text text) returns text[]
        language sql immutable parallel safe as $$
          select coalesce(array_agg(distinct left(word, n)), '{}')
          from unnest(string_to_array(search_text, ' ')) as word,
            generate_series(1, least(${SEARCH_PREFIX_LENGTH}, length(word))) as n
        $$`,
    )
    .execute(db);
  await sql`alter table products add column search_prefixes text[]
      generated always as (kassa_search_prefixes(search_text)) stored`.execute(db);
  // fastupdate off: a pending list (up to 4 MB after an import) is scanned whole by every search until
  // a vacuum merges it; writing straight into the index keeps search fast at all times.
  await sql`create index products_search_prefixes_ix on products using gin (search_prefixes)
      with (fastupdate = off)`.execute(db);
  await createTermTable(db);
  await sql`drop index if exists products_search_ix`.execute(db);
  await sql`alter table products drop column if exists search_vector`.execute(db);
}

async function createTermTable(db: Kysely<any>): Promise<void> {
  await sql`create table product_search_terms (
      organisation_id text not null,
      term text collate "C" not null,
      search_id bigint not null,
      primary key (organisation_id, term, search_id)
    )`.execute(db);
  // Finds a product's own terms: to replace them, and to see whether it matched a prefix earlier.
  await sql`create index product_search_terms_search_ix on product_search_terms (search_id, term)`.execute(db);
  const termsOf = `select distinct n.organisation_id, w.term, n.search_id
      from new_rows n, unnest(string_to_array(n.search_text, ' ')) as w(term)
      where n.archived_at is null and w.term <> ''`;
  const changed = `(o.search_text is distinct from n.search_text
      or (o.archived_at is null) <> (n.archived_at is null))`;
  await sql
    .raw(
      `create function kassa_products_terms_inserted() returns trigger language plpgsql as $$
      begin
        insert into product_search_terms (organisation_id, term, search_id) ${termsOf};
        return null;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function kassa_products_terms_updated() returns trigger language plpgsql as $$
      begin
        delete from product_search_terms t using old_rows o join new_rows n on n.id = o.id
          where t.search_id = o.search_id and ${changed};
        insert into product_search_terms (organisation_id, term, search_id)
          select distinct n.organisation_id, w.term, n.search_id
          from old_rows o join new_rows n on n.id = o.id, unnest(string_to_array(n.search_text, ' ')) as w(term)
          where n.archived_at is null and w.term <> '' and ${changed};
        return null;
      end $$`,
    )
    .execute(db);
  await sql`create trigger products_search_terms_inserted after insert on products
      referencing new table as new_rows for each statement
      execute function kassa_products_terms_inserted()`.execute(db);
  await sql`create trigger products_search_terms_updated after update on products
      referencing old table as old_rows new table as new_rows for each statement
      execute function kassa_products_terms_updated()`.execute(db);
  // Products that exist already.
  await sql`insert into product_search_terms (organisation_id, term, search_id)
      select distinct p.organisation_id, w.term, p.search_id
      from products p, unnest(string_to_array(p.search_text, ' ')) as w(term)
      where p.archived_at is null and w.term <> ''`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
