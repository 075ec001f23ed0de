import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type SqliteDatabase,
} from 'kysely';

interface ReaderStatement {
  readonly: boolean;
  reader: boolean;
  all(parameters: ReadonlyArray<unknown>): unknown[];
  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown>;
}

/**
 * SQLite with a second connection for reads. Kysely's SQLite driver has one
 * connection behind a mutex, held by a transaction until it commits: a
 * request's reads outside any transaction (its API token, the idempotency
 * look-up, the sale's context) waited for the sale before it, commit and
 * fsync included. The group committer (group-commit.ts) therefore only ever
 * saw one command at a time, and a store got one sale per fsync.
 *
 * Here a statement outside a transaction that SQLite says is read-only runs on
 * the reader connection at once; WAL lets it read the last committed state
 * beside the open write transaction. Everything else — transactions and any
 * write outside one — goes through the single writer as before, so there is
 * still exactly one writer and nothing is read from a transaction that has
 * not committed.
 */
export class SqliteReadWriteDialect implements Dialect {
  constructor(
    private readonly writer: SqliteDatabase,
    private readonly reader: SqliteDatabase,
  ) {}

  createDriver(): Driver {
    return new ReadWriteDriver(new SqliteDriver({ database: this.writer }), this.reader);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

class ReadWriteDriver implements Driver {
  constructor(
    private readonly writer: SqliteDriver,
    private readonly reader: SqliteDatabase,
  ) {}

  init = () => this.writer.init();

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this.writer, this.reader);
  }

  // Transaction statements go through the connection Kysely gave out (it logs
  // them), which routes them to the writer once `transaction` is set.
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutedConnection;
    routed.transaction = await this.writer.acquireConnection();
    try {
      // Deferred, not IMMEDIATE: better-sqlite3 waits for a busy lock synchronously, so a transaction
      // that took the write lock at BEGIN and then awaited something (a terminal, in a job) would
      // freeze every other connection of the process behind it (payments-sweep.test.ts, two
      // instances on one file). The write lock is taken at the first write.
      await connection.executeQuery(CompiledQuery.raw('begin'));
    } catch (error) {
      routed.transaction = undefined;
      await this.writer.releaseConnection();
      throw error;
    }
  }

  commitTransaction = (connection: DatabaseConnection) => this.endTransaction(connection, 'commit');
  rollbackTransaction = (connection: DatabaseConnection) => this.endTransaction(connection, 'rollback');

  private async endTransaction(connection: DatabaseConnection, statement: 'commit' | 'rollback'): Promise<void> {
    const routed = connection as RoutedConnection;
    routed.inTransaction();
    try {
      await connection.executeQuery(CompiledQuery.raw(statement));
    } catch (error) {
      // Kysely rolls back after a failed commit: the writer stays held until then.
      if (statement === 'rollback') await this.letGo(routed);
      throw error;
    }
    await this.letGo(routed);
  }

  private async letGo(routed: RoutedConnection): Promise<void> {
    if (!routed.transaction) return;
    routed.transaction = undefined;
    await this.writer.releaseConnection();
  }

  savepoint: Driver['savepoint'] = (connection, name, compile) =>
    this.writer.savepoint(connection, name, compile);
  rollbackToSavepoint: Driver['rollbackToSavepoint'] = (connection, name, compile) =>
    this.writer.rollbackToSavepoint(connection, name, compile);
  releaseSavepoint: Driver['releaseSavepoint'] = (connection, name, compile) =>
    this.writer.releaseSavepoint(connection, name, compile);

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // A transaction that neither committed nor rolled back must not keep the writer.
    await this.letGo(connection as RoutedConnection);
  }

  async destroy(): Promise<void> {
    await this.writer.destroy();
    this.reader.close();
  }
}

const QUERY = /^\s*(select|with)\b/i;

class RoutedConnection implements DatabaseConnection {
  /** The writer connection while this connection runs a transaction. */
  transaction: DatabaseConnection | undefined;

  constructor(
    private readonly writer: SqliteDriver,
    private readonly reader: SqliteDatabase,
  ) {}

  inTransaction(): DatabaseConnection {
    if (!this.transaction) throw new Error('No transaction is open on this connection.');
    return this.transaction;
  }

  /**
   * The reader's statement when it may run there: outside a transaction and read-only. Only a
   * query is tried there: the reader's schema may lag the writer's (SQLite migrations run their
   * DDL outside a transaction), and preparing `create index x` there after the writer dropped x
   * would fail with "already exists".
   */
  private readerStatement(query: CompiledQuery): ReaderStatement | undefined {
    if (this.transaction || !QUERY.test(query.sql)) return undefined;
    const statement = this.reader.prepare(query.sql) as unknown as ReaderStatement;
    return statement.readonly && statement.reader ? statement : undefined;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.transaction) return this.transaction.executeQuery<R>(query);
    const statement = this.readerStatement(query);
    if (statement) return { rows: statement.all(query.parameters) as R[] };
    const writerConnection = await this.writer.acquireConnection();
    try {
      return await writerConnection.executeQuery<R>(query);
    } finally {
      await this.writer.releaseConnection();
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.transaction) {
      yield* this.transaction.streamQuery<R>(query, chunkSize);
      return;
    }
    const statement = this.readerStatement(query);
    if (!statement) throw new Error('Only read-only statements can be streamed outside a transaction.');
    for (const row of statement.iterate(query.parameters)) yield { rows: [row as R] };
  }
}
