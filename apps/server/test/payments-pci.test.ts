import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, type TestDatabase } from './support/databases.ts';
import { startSelling, type SellingHarness } from './support/selling.ts';
import { freePort, killHard, startServerProcess, type ServerProcess } from './support/server-process.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { cardFor, isLuhnValid, maskPan, startTerminalSimulator, type RunningSimulator } from '../src/terminal-sim/index.ts';

const PAYMENTS = 1000;
const WORKERS = 16;

/**
 * Card-number candidates: 13–19 digits, contiguous or in space-separated
 * groups, not glued to other letters or digits (a hex hash or a UUID segment
 * is not a card number) nor the fraction of a decimal (pino's responseTime),
 * starting with a payment-card industry digit 2–6 (Mastercard, Visa, Amex,
 * Maestro, Discover, JCB, UnionPay; this keeps epoch milliseconds out), that
 * pass the Luhn check.
 */
export function panCandidates(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![0-9A-Za-z.])[2-6](?: ?\d){12,18}(?![0-9A-Za-z])/g)) {
    const digits = match[0].replaceAll(' ', '');
    if (digits.length >= 13 && digits.length <= 19 && isLuhnValid(digits)) found.push(digits);
  }
  return found;
}

async function everyTextValue(database: TestDatabase): Promise<string[]> {
  const tables =
    database.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(database.db)).rows
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(database.db)).rows;
  const values: string[] = [];
  for (const { name } of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(database.db)).rows;
    for (const row of rows) for (const value of Object.values(row)) if (typeof value === 'string') values.push(value);
  }
  return values;
}

describe('the PCI scanner', () => {
  it('finds a Luhn-valid card number in text, and not hashes, UUIDs or timestamps', () => {
    const pan = cardFor(0).pan;
    expect(panCandidates(`{"pan":"${pan}"} and 4111 1111 1111 1111`)).toEqual([pan, '4111111111111111']);
    expect(panCandidates(`${maskPan(pan)} 0192f1c4-3b7e-7a10-9c3d-123456789012 2026-11-27T10:15:00.000Z ab${pan} "time":1795754755126 "responseTime":4.2234300000056`)).toEqual([]);
  });
});

describe.each(DIALECTS)('no card numbers anywhere after %i simulated payments, on %s'.replace('%i', String(PAYMENTS)), (dialect) => {
  let h: SellingHarness;
  let sim: RunningSimulator;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    sim = await startTerminalSimulator({ oneAtATime: false, delays: { cardMs: 0, slowMs: 0, pinMs: 0, lateApprovalMs: 0 } });
    h = await startSelling(dialect);
  });
  afterAll(async () => {
    if (server) await killHard(server);
    await sim?.close();
    await h?.close();
  });

  it('finds none in any text column of any table, the server log, or the payments API', async () => {
    const terminalId = uuidv7();
    await h.call('POST', '/api/v1/payment-terminals', { id: terminalId, storeId: h.storeId, name: 'Pin', adapter: 'simulator', endpoint: sim.endpoint, poiId: 'SIM-PCI' });
    const port = await freePort();
    server = await startServerProcess({ KASSA_DATABASE_URL: h.database.url, KASSA_LOG_LEVEL: 'debug', KASSA_TERMINAL_PROGRESS_POLL_MS: '0' }, port);
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { authorization: `Bearer ${h.shop.ownerToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, text: await res.text() };
    };
    // Cents cycle through approve, PIN, insufficient funds and card blocked.
    const cents = [95, 51, 5, 13, 0, 50];
    let next = 0;
    const states: Record<string, number> = {};
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < PAYMENTS) {
          const n = next++;
          const id = uuidv7();
          const started = await api('POST', '/api/v1/payments', { id, saleId: uuidv7(), registerId: h.registerId, terminalId, amount: 1000 + n * 100 + cents[n % cents.length]!, currency: 'EUR' });
          expect(started.status).toBe(201);
          let state = 'in_progress';
          while (state === 'in_progress') state = JSON.parse((await api('GET', `/api/v1/payments/${id}?waitMs=5000`)).text).state;
          states[state] = (states[state] ?? 0) + 1;
        }
      }),
    );
    expect(states).toEqual({ approved: expect.any(Number), declined: expect.any(Number) });
    expect(states.approved! + states.declined!).toBe(PAYMENTS);

    // The simulator really read full card numbers: the scanner would have found them had they leaked.
    const read = sim.cardsRead();
    expect(read.length).toBe(states.approved);
    expect(panCandidates(JSON.stringify(read))).toHaveLength(read.length);

    const exports: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api('GET', `/api/v1/payments?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      exports.push(page.text);
      cursor = JSON.parse(page.text).nextCursor;
    } while (cursor);
    exports.push((await api('GET', '/api/v1/payment-terminals')).text);
    const logs = server.output();
    await killHard(server);
    server = undefined;

    const columns = await everyTextValue(h.database);
    const stored = await h.database.db.selectFrom('payment_attempts').select('masked_pan').where('state', '=', 'approved').execute();
    expect(stored).toHaveLength(states.approved!);
    for (const row of stored) expect(row.masked_pan).toMatch(/^\d{6}\*+\d{4}$/);
    expect(columns.flatMap(panCandidates)).toEqual([]);
    expect(panCandidates(h.shop.ownerToken)).toEqual([]);
    expect(exports.join('\n').length).toBeGreaterThan(PAYMENTS * 100);
    expect(exports.flatMap(panCandidates)).toEqual([]);
    // The log has a line per settled payment (brand, masked PAN) and every request: none carries a card number.
    expect(logs.match(/payment settled/g)?.length).toBe(PAYMENTS);
    expect(panCandidates(logs)).toEqual([]);
  }, 300_000);
});
