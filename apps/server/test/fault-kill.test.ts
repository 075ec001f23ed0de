import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaleDocument } from '@kassa/contracts';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument, startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { freePort, killHard, startServerProcess, type ServerProcess } from './support/server-process.ts';
import { checkStockLevels } from '../src/modules/inventory/index.ts';
import { verifyJournal } from '../src/modules/journal/index.ts';

const SALES = 1000;
const CLIENTS = 8;
const KILLS = 4;

/** Sends one sale until the server acknowledges it (201 new, 200 already recorded); connection errors are retried. */
async function sendUntilAcknowledged(
  port: number,
  token: string,
  doc: SaleDocument,
): Promise<{ status: number; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/sales`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(doc),
        signal: AbortSignal.timeout(5000),
      });
      if (res.status === 200 || res.status === 201) return { status: res.status, attempts: attempt };
      if (res.status < 500)
        throw new Error(`sale ${doc.receiptNumber} refused with ${res.status}: ${await res.text()}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('sale ')) throw error;
    }
    await new Promise((r) => setTimeout(r, 30 + Math.random() * 70));
  }
}

describe.each(DIALECTS)('a server killed with SIGKILL during a rush, on %s', (dialect) => {
  let h: SellingHarness;
  let items: SellableVariant[];
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    h = await startSelling(dialect);
    items = [
      await h.aSellable({ price: 1298 }),
      await h.aSellable({ price: 849, taxClass: 'reduced' }),
      await h.aSellable({ price: 250 }),
    ];
    await h.app.close();
  });
  afterAll(async () => {
    if (server) await killHard(server);
    await h?.database.drop();
  });

  it('loses and duplicates nothing: every acknowledged sale exists once, tenders match totals, stock matches the ledger', async () => {
    const port = await freePort();
    const env = { KASSA_DATABASE_URL: h.database.url };
    server = await startServerProcess(env, port);
    const docs = Array.from({ length: SALES }, (_, i) =>
      aSaleDocument(
        h,
        i + 1,
        [{ item: items[i % 3]!, quantity: (i % 4) + 1 }, { item: items[(i + 1) % 3]! }],
        { tender: i % 2 ? 'card' : 'cash', cashTendered: i % 2 ? undefined : 10_000 },
      ),
    );
    let next = 0;
    let acknowledged = 0;
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (next < docs.length) {
        const doc = docs[next++]!;
        await sendUntilAcknowledged(port, h.shop.ownerToken, doc);
        acknowledged++;
      }
    });
    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        const target = ((k + 1) * SALES) / (KILLS + 1);
        while (acknowledged < target) await new Promise((r) => setTimeout(r, 20));
        await killHard(server!);
        server = await startServerProcess(env, port);
      }
    })();
    await Promise.all([...clients, killer]);
    await killHard(server);
    server = undefined;

    const db = h.database.db;
    const stored = await db.selectFrom('sales').select(['id', 'total', 'rounding', 'paid_total']).execute();
    expect(stored).toHaveLength(SALES);
    expect(new Set(stored.map((s) => s.id))).toEqual(new Set(docs.map((d) => d.id)));
    for (const sale of stored)
      expect(Number(sale.paid_total)).toBe(Number(sale.total) + Number(sale.rounding));
    const tenders = await db
      .selectFrom('sale_tenders')
      .select((eb) => eb.fn.sum<number>('amount').as('sum'))
      .executeTakeFirstOrThrow();
    expect(Number(tenders.sum)).toBe(stored.reduce((sum, s) => sum + Number(s.paid_total), 0));
    const levels = await checkStockLevels(db, { now: new Date().toISOString() });
    expect(levels.mismatches).toEqual([]);
    const movements = await db
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(movements.n)).toBe(SALES * 2);
    const journal = await verifyJournal(db);
    expect(journal).toMatchObject({ ok: true, entries: SALES });
  }, 600_000);
});
