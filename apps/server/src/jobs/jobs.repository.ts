import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { JobsTable } from '../db/schema-cash.ts';
import { dialectOf } from '../db/database.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A job as a use case writes it: typed data, delivered later by the worker. */
export interface NewJob {
  /** The job id doubles as its idempotency key: handlers use it to do their effect once. */
  id: string;
  type: string;
  payload: unknown;
  organisationId?: string | null;
  /** Earliest run time (default: now). */
  runAt?: string;
  maxAttempts?: number;
}

/** A claimed job, handed to its handler. */
export interface ClaimedJob {
  id: string;
  type: string;
  payload: unknown;
  organisationId: string | null;
  /** 1 on the first run; the fencing token of this claim. */
  attempt: number;
  maxAttempts: number;
}

const DEFAULT_MAX_ATTEMPTS = 10;

/** The row of a job not yet run, due at `runAt` (default: now). */
function newJobRow(job: NewJob, now: string): Insertable<JobsTable> {
  return {
    id: job.id,
    organisation_id: job.organisationId ?? null,
    type: job.type,
    payload: JSON.stringify(job.payload ?? null),
    status: 'pending',
    attempts: 0,
    max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    next_attempt_at: job.runAt ?? now,
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    completed_at: null,
  };
}

/**
 * Writes a job in the caller's transaction (ARCHITECTURE.md decision 9): it commits with the change
 * that caused it or not at all. The same id twice is one job (a replayed command enqueues nothing new).
 */
export async function enqueueJob(trx: Executor, job: NewJob, now: string): Promise<void> {
  await trx
    .insertInto('jobs')
    .values(newJobRow(job, now))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/**
 * Makes sure a job runs again no later than `runAt`: inserts it, brings a pending one forward, or
 * reopens one that finished (done or failed) with a fresh count of attempts. A running job is left
 * alone: its worker settles it, and a handler that finds work left fails it into a retry. For
 * follow-ups keyed by what they watch (one job per payment attempt), written in the change's transaction.
 */
export async function scheduleJob(trx: Executor, job: NewJob, now: string): Promise<void> {
  const runAt = job.runAt ?? now;
  await trx
    .insertInto('jobs')
    .values(newJobRow(job, now))
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ status: 'pending', attempts: 0, next_attempt_at: runAt, last_error: null, updated_at: now, completed_at: null })
        .where((eb) => eb.or([eb('jobs.status', 'in', ['done', 'failed']), eb.and([eb('jobs.status', '=', 'pending'), eb('jobs.next_attempt_at', '>', runAt)])])),
    )
    .execute();
}

/** One job row, for status endpoints and tests. */
export async function findJob(db: Executor, id: string): Promise<JobsTable | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Claims due jobs for one worker: pending jobs whose time has come, and running jobs whose lease
 * ran out (their worker crashed between claim and completion). PostgreSQL skips rows another
 * worker is claiming (FOR UPDATE SKIP LOCKED), so N instances never take the same job; SQLite has
 * one writer, so the single UPDATE is already atomic.
 */
export async function claimDueJobs(db: Kysely<DB>, claim: { workerId: string; now: string; leaseUntil: string; limit: number; types: string[] }): Promise<ClaimedJob[]> {
  if (claim.types.length === 0) return [];
  const lock = dialectOf(db) === 'postgres' ? sql`for update skip locked` : sql``;
  const types = sql.join(claim.types.map((t) => sql`${t}`));
  const result = await sql<JobsTable>`
    update jobs set status = 'running', attempts = attempts + 1, locked_by = ${claim.workerId},
      locked_until = ${claim.leaseUntil}, updated_at = ${claim.now}
    where id in (
      select id from jobs
      where type in (${types})
        and ((status = 'pending' and next_attempt_at <= ${claim.now}) or (status = 'running' and locked_until < ${claim.now}))
      order by next_attempt_at, id
      limit ${claim.limit}
      ${lock}
    )
    returning *`.execute(db);
  return result.rows.map((row) => ({
    id: row.id,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    organisationId: row.organisation_id,
    attempt: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
  }));
}

// Only the worker holding this claim (same locked_by and attempt) may settle the job: a worker
// whose lease ran out and was overtaken cannot overwrite the newer attempt's outcome.
function settle(db: Kysely<DB>, job: ClaimedJob, workerId: string) {
  return db.updateTable('jobs').where('id', '=', job.id).where('locked_by', '=', workerId).where('attempts', '=', job.attempt).where('status', '=', 'running');
}

/** Marks a claimed job done; false when this worker no longer held it. */
export async function completeJob(db: Kysely<DB>, job: ClaimedJob, workerId: string, now: string): Promise<boolean> {
  const result = await settle(db, job, workerId)
    .set({ status: 'done', locked_by: null, locked_until: null, completed_at: now, updated_at: now, last_error: null })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Retries later with exponential backoff (1 s, 2 s, 4 s … capped at 10 min) or after `retryAfterMs`, or gives up after maxAttempts. */
export async function failJob(db: Kysely<DB>, job: ClaimedJob, workerId: string, error: string, now: Date, retryAfterMs?: number): Promise<'retry' | 'failed' | 'lost'> {
  const giveUp = job.attempt >= job.maxAttempts;
  const delayMs = retryAfterMs ?? Math.min(1000 * 2 ** (job.attempt - 1), 600_000);
  const result = await settle(db, job, workerId)
    .set({
      status: giveUp ? 'failed' : 'pending',
      next_attempt_at: new Date(now.getTime() + delayMs).toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: error.slice(0, 2000),
      updated_at: now.toISOString(),
    })
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return 'lost';
  return giveUp ? 'failed' : 'retry';
}
