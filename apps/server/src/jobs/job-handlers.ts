import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import type { ClaimedJob } from './jobs.repository.ts';

/** What a handler may use: the database (never a transaction held across I/O), the clock, and a stop signal. */
export interface JobContext {
  db: Kysely<DB>;
  clock: Clock;
  /** Aborted when the lease is about to run out or the worker stops: finish or give up quickly. */
  signal: AbortSignal;
}

/**
 * Does the job's effect. Must be idempotent by `job.id`: a job is retried after a crash between
 * its effect and its completion, so the handler checks its own ledger first.
 */
export type JobHandler = (job: ClaimedJob, context: JobContext) => Promise<void>;

/**
 * Thrown by a handler that knows when it is worth trying again (e.g. the other side said "still busy"):
 * the job is retried after `delayMs` instead of the exponential backoff meant for failures.
 */
export class RetryAfter extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RetryAfter';
  }
}

/** Handlers by job type, loaded on first use (Documenso's pattern: jobs are data, handlers load lazily). */
export type JobHandlerLoaders = Record<string, () => Promise<JobHandler>>;

/** Caches each loader's handler, so a module is imported once however many jobs of its type run. */
export function lazyHandlers(loaders: JobHandlerLoaders): { types: string[]; get(type: string): Promise<JobHandler | undefined> } {
  const loaded = new Map<string, Promise<JobHandler>>();
  return {
    types: Object.keys(loaders),
    get(type) {
      const loader = loaders[type];
      if (!loader) return Promise.resolve(undefined);
      let handler = loaded.get(type);
      if (!handler) {
        handler = loader();
        loaded.set(type, handler);
      }
      return handler;
    },
  };
}
