import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  LOCKOUT_POLICY,
  loadPepper,
  lockedUntil,
  recordAudit,
  verifyAuditChain,
} from '../src/modules/auth/index.ts';
import { afterFailure } from '../src/modules/auth/lockout.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { aDutchShop } from './support/scenarios.ts';

describe.each(DIALECTS)('the audit log on %s', (dialect) => {
  let database: TestDatabase;
  let organisationId: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    organisationId = (await aDutchShop(database.db)).organisationId;
    await database.db.transaction().execute(async (trx) => {
      for (const action of ['auth.login_failed', 'staff.locked', 'staff.unlocked']) {
        await recordAudit(
          trx,
          { organisationId, actorKind: 'anonymous', actorId: null, ip: '203.0.113.9' },
          { action, outcome: 'success', details: { b: 1, a: [2, 'x'] } },
          '2026-11-27T09:00:00.000Z',
        );
      }
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('numbers events and chains their hashes', async () => {
    const rows = await database.db
      .selectFrom('audit_events')
      .select(['seq', 'prev_hash', 'hash'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(await database.db.transaction().execute((trx) => verifyAuditChain(trx))).toBeNull();
  });

  it('refuses UPDATE and DELETE in the database itself', async () => {
    await expect(
      database.db.updateTable('audit_events').set({ outcome: 'failure' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
    await expect(
      sql`update audit_events set details = '{}' where seq = 1`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    if (dialect === 'postgres')
      await expect(sql`truncate audit_events`.execute(database.db)).rejects.toThrow(/append-only/);
    expect((await database.db.selectFrom('audit_events').select('id').execute()).length).toBe(3);
  });
});

describe('lockout policy', () => {
  const fresh = {
    failed_pin_count: 0,
    pin_locked_until: null,
    failed_password_count: 0,
    password_locked_until: null,
    failure_window_start: null,
    failure_window_count: 0,
  };
  it('caps failures at 100 per hour per account, whatever the kind', () => {
    const now = '2026-11-27T09:00:00.000Z';
    const capped = {
      ...fresh,
      failure_window_start: now,
      failure_window_count: LOCKOUT_POLICY.hourlyFailureCap,
    };
    expect(lockedUntil(capped, 'password', '2026-11-27T09:30:00.000Z')).toBe('2026-11-27T10:00:00.000Z');
    expect(lockedUntil(capped, 'pin', '2026-11-27T10:00:01.000Z')).toBeNull();
    expect(
      afterFailure({ ...fresh, failure_window_start: now, failure_window_count: 99 }, 'password', now).locked,
    ).toBe(true);
  });
  it('locks PINs at the 5th and passwords at the 10th failure in a row', () => {
    const now = '2026-11-27T09:00:00.000Z';
    expect(afterFailure({ ...fresh, failed_pin_count: 3 }, 'pin', now).locked).toBe(false);
    expect(afterFailure({ ...fresh, failed_pin_count: 4 }, 'pin', now).patch.pin_locked_until).toBe(
      '2026-11-27T09:30:00.000Z',
    );
    expect(afterFailure({ ...fresh, failed_password_count: 8 }, 'password', now).locked).toBe(false);
    expect(
      afterFailure({ ...fresh, failed_password_count: 9 }, 'password', now).patch.password_locked_until,
    ).toBe('2026-11-27T09:30:00.000Z');
  });
});

describe('the pepper', () => {
  it('is created once with mode 0600 next to the SQLite file, and reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-pepper-'));
    const database = { kind: 'sqlite' as const, filename: path.join(dir, 'kassa.db') };
    const first = loadPepper({ env: {}, database });
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(path.join(dir, 'kassa-secret')).mode & 0o777).toBe(0o600);
    expect(loadPepper({ env: {}, database }).equals(first)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it('comes from KASSA_SECRET when set, and refuses a short one', () => {
    expect(loadPepper({ env: { KASSA_SECRET: 'x'.repeat(40) } }).toString()).toBe('x'.repeat(40));
    expect(() => loadPepper({ env: { KASSA_SECRET: 'short' } })).toThrow(/32 characters/);
  });
});
