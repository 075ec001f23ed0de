import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

interface Job {
  work: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 64;

/**
 * Group commit for SQLite. With synchronous=FULL every COMMIT waits for an
 * fsync, and SQLite has one writer: one transaction per sale would cap a
 * store at one sale per fsync. Commands that arrive while a transaction runs
 * are queued and then run together in the next transaction, each inside its
 * own SAVEPOINT (a failing command rolls back alone); all of them are
 * answered only after that transaction committed, so nothing is acknowledged
 * before it is durable.
 */
export class GroupCommitter {
  private readonly queue: Job[] = [];
  private draining = false;

  constructor(private readonly db: Kysely<DB>) {}

  /** Runs `work` in a committed transaction shared with other commands; rejects with the command's own error. */
  run<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // better-sqlite3 is synchronous: a batch started at once would run to its
      // COMMIT inside this microtask queue, before any other request could
      // reach this point, and every batch would hold one command. Starting it
      // on the next turn of the event loop lets the requests already in flight
      // join it.
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.runBatch(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.draining = false;
    }
  }

  private async runBatch(batch: Job[]): Promise<void> {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const job of batch) outcomes.push(await runInSavepoint(trx, job));
      });
    } catch (error) {
      // The commit itself failed: nothing of the batch is durable.
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}

async function runInSavepoint(
  trx: Transaction<DB>,
  job: Job,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  await sql`savepoint kassa_command`.execute(trx);
  try {
    const value = await job.work(trx);
    await sql`release savepoint kassa_command`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    await sql`rollback to savepoint kassa_command`.execute(trx);
    await sql`release savepoint kassa_command`.execute(trx);
    return { ok: false, error };
  }
}

const committers = new WeakMap<Kysely<DB>, GroupCommitter>();

/** Turns group commit on for a database (SQLite only: PostgreSQL commits connections in parallel). */
export function enableGroupCommit(db: Kysely<DB>): void {
  committers.set(db, new GroupCommitter(db));
}

/** The group committer of a database, if it has one. */
export function groupCommitterOf(db: Kysely<DB>): GroupCommitter | undefined {
  return committers.get(db);
}
