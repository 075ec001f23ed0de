import type pg from 'pg';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

const MAX_NAMED_STATEMENTS = 500;
// A sale's writes are one statement (write-batch.ts) of about 170 values for 3 lines and 400 for
// 12: named, PostgreSQL parses and plans it once per connection instead of on every sale (measured:
// ~20 % more sales per second). Bulk inserts of an import carry thousands and stay unnamed.
const MAX_PARAMETERS = 500;

/**
 * Put in a query's SQL to have it planned for its values every time: a plan
 * made once for any value (PostgreSQL's generic plan) can be far off where
 * selectivity depends on the values, as in search (one word matching 40 % of
 * a catalogue, the next 0.1 %).
 */
export const PLAN_EACH_TIME = '/* kassa: plan each time */';

/**
 * Kysely sends every PostgreSQL query unnamed, so the server parses and plans
 * it on every run; for the short queries of the selling path (a barcode
 * lookup that builds its variants as JSON plans in longer than it runs) that
 * is most of the cost. Here a query with parameters is sent as a named
 * prepared statement, one name per SQL text: each connection parses it once
 * and PostgreSQL may keep a generic plan. Texts without parameters (DDL,
 * BEGIN, multi-statement migrations) stay unnamed, as do huge IN lists and
 * bulk inserts, and only the first MAX_NAMED_STATEMENTS texts get names, so
 * what each connection keeps is bounded. The SQLite twin is
 * statement-cache.ts.
 *
 * Queries are sent with pg's callback, not its promise: measured on Node 20
 * with pg 8.23, the rows of a result awaited through pg's promise (our loop
 * reading 20 products per query) still survived the next young-generation
 * collections (23 % of what was allocated, against 1 % with the callback)
 * and were copied to the old generation: every pause 3–10 ms instead of 1–3,
 * which set the p99 of search on PostgreSQL (node --trace-gc-nvp over a loop
 * of product loads; `npm run bench -- catalog` shows the effect). Why pg's
 * promise keeps them is not known.
 */
export function withPreparedStatements(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameFor = (text: string, parameters: ReadonlyArray<unknown>): string | undefined => {
    if (parameters.length === 0 || parameters.length > MAX_PARAMETERS) return undefined;
    if (text.includes(PLAN_EACH_TIME)) return undefined;
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
      name = `kassa_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query<R>(
        sqlOrCursor: string | PostgresCursor<R>,
        parameters: ReadonlyArray<unknown> = [],
      ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
        if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as never) as PostgresCursor<R>;
        const name = nameFor(sqlOrCursor, parameters);
        const values = [...parameters];
        const config = name ? { name, text: sqlOrCursor, values } : { text: sqlOrCursor, values };
        return new Promise((resolve, reject) => {
          client.query(config, (error: Error | null, result: pg.QueryResult) => {
            if (!error) return resolve(result as unknown as PostgresQueryResult<R>);
            // As pg's own promise does: a stack that leads back to the query, not to the socket.
            Error.captureStackTrace(error);
            reject(error);
          });
        });
      }
      return { query, release: (destroy?: boolean) => client.release(destroy) };
    },
    end: () => pool.end(),
  };
}
