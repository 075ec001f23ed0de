import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { runCommand } from '../src/db/run-command.ts';
import { JobWorker, RetryAfter, claimDueJobs, completeJob, enqueueJob, findJob, scheduleJob, type JobHandler } from '../src/jobs/index.ts';

/** A clock the test moves by hand: backoff and leases without waiting. */
function manualClock(start = Date.parse('2026-11-27T09:00:00.000Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

describe.each(DIALECTS)('the outbox on %s', (dialect) => {
  let database: TestDatabase;
  const calls: string[] = [];

  // An effect that must happen once per job id: a row keyed by the job id, like the print ledger.
  const effect: JobHandler = async (job, { db }) => {
    calls.push(job.id);
    await db.insertInto('email_deliveries').values({ job_id: job.id, recipient: 'x@example.nl', message_id: job.id, sent_at: 'now' }).onConflict((oc) => oc.column('job_id').doNothing()).execute();
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database?.drop());

  it('writes the job with the change: a rolled-back command leaves no job', async () => {
    const kept = uuidv7();
    const dropped = uuidv7();
    await runCommand(database.db, async (trx) => {
      await enqueueJob(trx, { id: kept, type: 'test.effect', payload: { n: 1 } }, '2026-11-27T09:00:00.000Z');
      return { ok: true, value: null };
    });
    await runCommand(database.db, async (trx) => {
      await enqueueJob(trx, { id: dropped, type: 'test.effect', payload: {} }, '2026-11-27T09:00:00.000Z');
      return { ok: false, error: { code: 'TEST', message: 'no' } };
    });
    expect(await findJob(database.db, kept)).toMatchObject({ status: 'pending', attempts: 0, payload: '{"n":1}' });
    expect(await findJob(database.db, dropped)).toBeUndefined();
    const clock = manualClock();
    const worker = new JobWorker({ db: database.db, clock, handlers: { 'test.effect': async () => effect } });
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(await findJob(database.db, kept)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('retries a failing handler with backoff and gives up after maxAttempts', async () => {
    const clock = manualClock();
    const id = uuidv7();
    await enqueueJob(database.db, { id, type: 'test.flaky', payload: {}, maxAttempts: 3 }, clock.now().toISOString());
    let failures = 0;
    const worker = new JobWorker({ db: database.db, clock, handlers: { 'test.flaky': async () => async () => { failures++; throw new Error('printer offline'); } } });
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    const first = await findJob(database.db, id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_error: 'printer offline', next_attempt_at: '2026-11-27T09:00:01.000Z' });
    clock.advance(1000);
    expect(await worker.runOnce()).toMatchObject({ retried: 1 });
    expect((await findJob(database.db, id))!.next_attempt_at).toBe('2026-11-27T09:00:03.000Z');
    clock.advance(2000);
    expect(await worker.runOnce()).toMatchObject({ failed: 1 });
    expect(await findJob(database.db, id)).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failures).toBe(3);
  });

  it('retries when the handler says so (RetryAfter) instead of backing off', async () => {
    const clock = manualClock(Date.parse('2026-11-27T09:30:00.000Z'));
    const id = uuidv7();
    await enqueueJob(database.db, { id, type: 'test.busy', payload: {} }, clock.now().toISOString());
    const busy = async () => async () => {
      throw new RetryAfter('terminal still busy', 250);
    };
    const worker = new JobWorker({ db: database.db, clock, handlers: { 'test.busy': busy } });
    expect(await worker.runOnce()).toMatchObject({ retried: 1 });
    clock.advance(250);
    expect(await worker.runOnce()).toMatchObject({ retried: 1 });
    expect(await findJob(database.db, id)).toMatchObject({ attempts: 2, last_error: 'terminal still busy', next_attempt_at: '2026-11-27T09:30:00.500Z' });
  });

  it('retries a job whose worker crashed between claim and completion, and the handler does its effect once', async () => {
    const clock = manualClock(Date.parse('2026-11-27T10:00:00.000Z'));
    const id = uuidv7();
    await enqueueJob(database.db, { id, type: 'test.effect', payload: {} }, clock.now().toISOString());
    // Worker A claims, does the effect, and dies before marking the job done.
    const [claimed] = await claimDueJobs(database.db, { workerId: 'crashed', now: clock.now().toISOString(), leaseUntil: new Date(clock.now().getTime() + 60_000).toISOString(), limit: 10, types: ['test.effect'] });
    expect(claimed!.id).toBe(id);
    await effect(claimed!, { db: database.db, clock, signal: new AbortController().signal });
    const b = new JobWorker({ db: database.db, clock, leaseMs: 60_000, handlers: { 'test.effect': async () => effect } });
    expect(await b.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(60_001);
    expect(await b.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(await findJob(database.db, id)).toMatchObject({ status: 'done', attempts: 2 });
    const rows = await database.db.selectFrom('email_deliveries').selectAll().where('job_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(calls.filter((c) => c === id)).toHaveLength(2);
  });

  it('schedules a follow-up job: brings a pending one forward, never later, reopens a finished one, leaves a running one', async () => {
    const at = (minute: number) => `2026-11-27T12:${String(minute).padStart(2, '0')}:00.000Z`;
    const id = uuidv7();
    const job = (runAt: string) => ({ id, type: 'test.watch', payload: { watched: id }, runAt, maxAttempts: 40 });
    await scheduleJob(database.db, job(at(30)), at(0));
    await scheduleJob(database.db, job(at(10)), at(1));
    await scheduleJob(database.db, job(at(20)), at(2));
    expect(await findJob(database.db, id)).toMatchObject({ status: 'pending', next_attempt_at: at(10), max_attempts: 40 });
    // A claimed job belongs to its worker until it settles it.
    const [claimed] = await claimDueJobs(database.db, { workerId: 'w', now: at(10), leaseUntil: at(11), limit: 1, types: ['test.watch'] });
    await scheduleJob(database.db, job(at(5)), at(10));
    expect(await findJob(database.db, id)).toMatchObject({ status: 'running', next_attempt_at: at(10), attempts: 1 });
    expect(await completeJob(database.db, claimed!, 'w', at(10))).toBe(true);
    await scheduleJob(database.db, job(at(40)), at(35));
    expect(await findJob(database.db, id)).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: at(40), completed_at: null });
  });

  it('never gives one job to two workers running at once', async () => {
    const clock = manualClock(Date.parse('2026-11-27T11:00:00.000Z'));
    const ids = Array.from({ length: 40 }, () => uuidv7());
    for (const id of ids) await enqueueJob(database.db, { id, type: 'test.count', payload: {} }, clock.now().toISOString());
    const seen: string[] = [];
    const handlers = { 'test.count': async () => (async (job) => void seen.push(job.id)) as JobHandler };
    const workers = Array.from({ length: 4 }, () => new JobWorker({ db: database.db, clock, batchSize: 7, handlers }));
    for (let round = 0; round < 4; round++) await Promise.all(workers.map((w) => w.runOnce()));
    expect([...seen].sort()).toEqual([...ids].sort());
    const left = await sql<{ n: number }>`select count(*) as n from jobs where type = 'test.count' and status <> 'done'`.execute(database.db);
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});
