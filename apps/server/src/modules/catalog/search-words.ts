import { sql, type RawBuilder } from 'kysely';

// The parts of a search both engines build the same way. Query tokens are
// folded letters and digits only (search-text.ts): they can never act as LIKE
// wildcards or FTS syntax. `p.search_text` is the product's folded words,
// space separated.

/** The first `n` characters (code points, as PostgreSQL's left() counts them). */
export const firstChars = (token: string, n: number): string => [...token].slice(0, n).join('');

/** Words this short match a large part of any catalogue: an index read for them costs more than a recheck. */
const SHORT_WORD = 3;

/**
 * How a query's words are matched: `keys` go to the prefix index (each word's
 * first `length` letters, once each); `rechecks` are matched against the
 * product's words afterwards. Words longer than the indexed prefix are
 * rechecked in full. Words of one or two letters ("t" in "t-shirt") are left
 * out of the index read when a longer word is there to narrow it: their
 * posting lists hold most of the catalogue and made such queries the slowest.
 */
export function planWords(tokens: string[], length: number): { keys: string[]; rechecks: string[] } {
  const long = tokens.filter((t) => [...t].length >= SHORT_WORD);
  const keyed = long.length > 0 ? long : tokens;
  return {
    keys: [...new Set(keyed.map((t) => firstChars(t, length)))],
    rechecks: tokens.filter((t) => !keyed.includes(t) || [...t].length > length),
  };
}

/** Each recheck word must start a word of the product: `and …` conditions. */
export function recheckWords(rechecks: string[]): RawBuilder<unknown> {
  return sql.join(
    rechecks.map((t) => sql`and (' ' || p.search_text) like ${`% ${t}%`}`),
    sql` `,
  );
}

/** How many query words the product has only as the start of a longer word (0: all typed whole). */
export function notWholeWords(tokens: string[]): RawBuilder<unknown> {
  return sql.join(
    tokens.map((t) => sql`(case when (' ' || p.search_text || ' ') like ${`% ${t} %`} then 0 else 1 end)`),
    sql` + `,
  );
}
