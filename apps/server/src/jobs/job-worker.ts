import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { systemClock, type Clock } from '../lib/clock.ts';
import { uuidv7 } from '../lib/uuidv7.ts';
import { claimDueJobs, completeJob, failJob, type ClaimedJob } from './jobs.repository.ts';
import { lazyHandlers, RetryAfter, type JobHandlerLoaders } from './job-handlers.ts';

export interface JobWorkerOptions {
  db: Kysely<DB>;
  handlers: JobHandlerLoaders;
  clock?: Clock;
  /** How long a claim lasts; a crashed worker's jobs are taken over after this. */
  leaseMs?: number;
  /** Pause between polls when there was nothing to do. */
  pollMs?: number;
  batchSize?: number;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

export interface RunSummary {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
}

/** The outbox worker: claims due jobs, runs their handlers, retries failures with backoff. */
export class JobWorker {
  readonly id = `worker-${uuidv7()}`;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly handlers;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<RunSummary> | undefined;
  private stopped = true;
  private readonly stopping = new AbortController();

  constructor(private readonly options: JobWorkerOptions) {
    this.clock = options.clock ?? systemClock;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.handlers = lazyHandlers(options.handlers);
  }

  /** Claims and runs one batch of due jobs; resolves when every claimed job is settled. */
  runOnce(): Promise<RunSummary> {
    // One batch at a time per worker: runOnce while a batch runs waits for that batch.
    this.running ??= this.runBatch().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runBatch(): Promise<RunSummary> {
    const now = this.clock.now();
    const jobs = await claimDueJobs(this.options.db, {
      workerId: this.id,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
      limit: this.options.batchSize ?? 10,
      types: this.handlers.types,
    });
    const outcomes = await Promise.all(jobs.map((job) => this.runJob(job)));
    return {
      claimed: jobs.length,
      done: outcomes.filter((o) => o === 'done').length,
      retried: outcomes.filter((o) => o === 'retry').length,
      failed: outcomes.filter((o) => o === 'failed').length,
    };
  }

  private async runJob(job: ClaimedJob): Promise<'done' | 'retry' | 'failed' | 'lost'> {
    // The handler must finish well inside the lease, or another worker could take the job over.
    const signal = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(Math.max(1, this.leaseMs - 5_000))]);
    try {
      const handler = await this.handlers.get(job.type);
      if (!handler) throw new Error(`No handler for job type ${job.type}`);
      await handler(job, { db: this.options.db, clock: this.clock, signal });
      return (await completeJob(this.options.db, job, this.id, this.clock.now().toISOString())) ? 'done' : 'lost';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await failJob(this.options.db, job, this.id, message, this.clock.now(), error instanceof RetryAfter ? error.delayMs : undefined);
      this.options.log?.(`job ${job.type} ${job.id} attempt ${job.attempt}: ${message}`, { jobId: job.id, outcome });
      return outcome;
    }
  }

  /** Polls until stopped; a batch that found work is followed at once by the next. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      let busy = false;
      try {
        busy = (await this.runOnce()).claimed > 0;
      } catch (error) {
        this.options.log?.(`job worker poll failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!this.stopped) this.timer = setTimeout(tick, busy ? 0 : (this.options.pollMs ?? 500));
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for the running batch; handlers see their signal aborted. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.stopping.abort();
    await this.running?.catch(() => undefined);
  }
}
