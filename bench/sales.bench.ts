// npm run bench -- sales
// Recording sales through the HTTP API against the same writes done directly
// with the driver, on SQLite (synchronous=FULL) and PostgreSQL; latency at 10
// concurrent clients; idempotent replays against new sales.
import pg from 'pg';
import { openSqlite } from '../apps/server/src/db/database.ts';
import type { DialectName } from '../apps/server/src/db/database.ts';
import { aSaleDocument, startSelling, type SellingHarness } from '../apps/server/test/support/selling.ts';
import { freePort, killHard, startServerProcess } from '../apps/server/test/support/server-process.ts';
import { spawn } from 'node:child_process';
import { uuidv7 } from '../apps/server/src/lib/uuidv7.ts';
import { postAll, type LoadResult } from './support/load.ts';
import { pgWrite, saleItems, sqliteWriter, type RawContext } from './support/raw-sale-writes.ts';

const NEW_SALES = Number(process.env.BENCH_SALES ?? 3000);
const LATENCY_SALES = 2000;
const CONCURRENCY = 16;
// A shop's tills each keep their own journal chain and receipt series; the
// sales are spread over 16 registers (as 16 tills would send them), in the
// floor's writes too. One register for all clients would only measure the
// queue on that register's chain head.
const REGISTERS = 16;
// A shop's assortment: each sale's three lines are drawn from these items (saleItems), in the
// floor's writes too. BENCH_ITEMS=3 sells the same three items in every sale: every register then
// queues on the same three stock-level rows (on PostgreSQL, for the length of each COMMIT).
const ITEMS = Number(process.env.BENCH_ITEMS ?? 48);

/** Sale n goes to register n mod 16 with that register's next receipt number, three items of the assortment. */
function saleDocs(
  h: SellingHarness,
  registerIds: string[],
  items: Awaited<ReturnType<SellingHarness['aSellable']>>[],
  from: number,
  count: number,
) {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return aSaleDocument(
      { storeId: h.storeId, registerId: registerIds[n % registerIds.length]! },
      Math.floor(n / registerIds.length) + 1,
      saleItems(items, n).map((item) => ({ item })),
      { tender: 'card' },
    );
  });
}

/** 16 new registers in a store. */
async function newRegisters(h: SellingHarness, storeId: string): Promise<string[]> {
  const rows = Array.from({ length: REGISTERS }, (_, i) => ({
    id: uuidv7(),
    store_id: storeId,
    name: `Bench ${i + 1}`,
    created_at: new Date().toISOString(),
  }));
  await h.database.db.insertInto('registers').values(rows).execute();
  return rows.map((r) => r.id);
}

async function rawFloor(dialect: DialectName, h: SellingHarness, contexts: RawContext[]): Promise<number> {
  const ctxOf = (n: number) => contexts[n % contexts.length]!;
  const started = performance.now();
  if (dialect === 'sqlite') {
    const handle = openSqlite(h.database.url.replace(/^sqlite:/, ''));
    const writers = contexts.map((ctx) => sqliteWriter(handle, ctx));
    for (let n = 1; n <= NEW_SALES; n++) writers[n % writers.length]!(n);
    handle.close();
  } else {
    const pool = new pg.Pool({ connectionString: h.database.url, max: CONCURRENCY });
    let next = 1;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        const client = await pool.connect();
        try {
          while (next <= NEW_SALES) {
            const n = next++;
            await pgWrite(client, ctxOf(n), n);
          }
        } finally {
          client.release();
        }
      }),
    );
    await pool.end();
  }
  return NEW_SALES / ((performance.now() - started) / 1000);
}

/**
 * The plain-Fastify reference (support/plain-fastify-sales.ts) on its own registers: the same
 * writes per request, 16 clients for throughput and 10 for latency, as Kassa is measured.
 */
async function plainFastify(dialect: DialectName, url: string, contexts: RawContext[]) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/plain-fastify-sales.ts'], {
    env: { ...process.env, PLAIN_SALES: JSON.stringify({ dialect, url, contexts, port }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => (String(d).includes('ready') ? resolve() : undefined));
      child.once('exit', (code) => reject(new Error(`the plain Fastify reference exited with ${code}`)));
    });
    const bodies = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ n: from + i }));
    await postAll(port, '/sales', '', bodies(1, 300), CONCURRENCY);
    const throughput = await postAll(port, '/sales', '', bodies(301, NEW_SALES), CONCURRENCY);
    const latency = await postAll(port, '/sales', '', bodies(301 + NEW_SALES, LATENCY_SALES), 10);
    return { throughput, latency };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

async function benchDialect(dialect: DialectName) {
  const h = await startSelling(dialect, { poolSize: 4 });
  const items: Awaited<ReturnType<SellingHarness['aSellable']>>[] = [];
  for (let i = 0; i < ITEMS; i++) {
    items.push(await h.aSellable(i % 3 === 1 ? { price: 249 + i * 50, taxClass: 'reduced' } : { price: 299 + i * 100 }));
  }
  // Kassa sells on the harness's store; the floor writes to registers of the second store (its
  // receipt numbers must not collide with Kassa's).
  const registerIds = await newRegisters(h, h.storeId);
  const floorStore = h.shop.stores[1]!.id;
  const floorRegisterIds = await newRegisters(h, floorStore);
  const plainRegisterIds = await newRegisters(h, floorStore);
  await h.app.close();
  const contextsOf = (ids: string[]): RawContext[] =>
    ids.map((registerId) => ({
      organisationId: h.shop.organisationId,
      storeId: floorStore,
      registerId,
      variantIds: items.map((i) => i.variantId),
    }));
  const floor = await rawFloor(dialect, h, contextsOf(floorRegisterIds));
  const plain = await plainFastify(dialect, h.database.url, contextsOf(plainRegisterIds));

  const port = await freePort();
  const server = await startServerProcess({ KASSA_DATABASE_URL: h.database.url }, port);
  try {
    const warmup = saleDocs(h, registerIds, items, 1, 300);
    await postAll(port, '/api/v1/sales', h.shop.ownerToken, warmup, CONCURRENCY);
    const docs = saleDocs(h, registerIds, items, 301, NEW_SALES);
    const fresh = await postAll(port, '/api/v1/sales', h.shop.ownerToken, docs, CONCURRENCY);
    const replay = await postAll(port, '/api/v1/sales', h.shop.ownerToken, docs, CONCURRENCY);
    const latency = await postAll(
      port,
      '/api/v1/sales',
      h.shop.ownerToken,
      saleDocs(h, registerIds, items, 301 + NEW_SALES, LATENCY_SALES),
      10,
    );
    return { dialect, floor, plain, fresh, replay, latency };
  } finally {
    await killHard(server);
    await h.database.drop();
  }
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(8);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function report(r: {
  dialect: string;
  floor: number;
  plain: { throughput: LoadResult; latency: LoadResult };
  fresh: LoadResult;
  replay: LoadResult;
  latency: LoadResult;
}) {
  const ratio = r.fresh.perSecond / r.floor;
  const replayRatio = r.replay.perSecond / r.fresh.perSecond;
  const bad = [r.plain.throughput, r.plain.latency, r.fresh, r.replay, r.latency].flatMap((l) =>
    Object.entries(l.statuses).filter(([s]) => s !== '200' && s !== '201'),
  );
  console.log(
    `\n${r.dialect}: recording a typical sale (3 lines of ${ITEMS} items, 1 tender) from ${REGISTERS} registers`,
  );
  console.log(`  direct driver writes (floor) ${fmt(r.floor)} sales/s`);
  console.log(
    `  plain Fastify, same writes   ${fmt(r.plain.throughput.perSecond)} sales/s   (reference: one transaction per request)`,
  );
  console.log(
    `  plain Fastify, 10 clients    p50 ${r.plain.latency.p50.toFixed(1)} ms, p99 ${r.plain.latency.p99.toFixed(1)} ms (reference)`,
  );
  console.log(
    `  Kassa HTTP, ${CONCURRENCY} clients       ${fmt(r.fresh.perSecond)} sales/s   ratio ${ratio.toFixed(2)} (target ≥ 0.50) ${verdict(ratio >= 0.5)}`,
  );
  console.log(
    `  latency at 10 clients        p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms (target p99 ≤ 20 ms) ${verdict(r.latency.p99 <= 20)}`,
  );
  if (r.latency.server)
    console.log(
      `    of which in Kassa itself   p50 ${r.latency.server.p50.toFixed(1)} ms, p99 ${r.latency.server.p99.toFixed(1)} ms (Server-Timing; the rest is the wait before Kassa reads a request, and the client)`,
    );
  console.log(
    `  idempotent replay            ${fmt(r.replay.perSecond)} sales/s   ${replayRatio.toFixed(2)}× new (target ≥ 2×) ${verdict(replayRatio >= 2)}`,
  );
  if (bad.length > 0) console.log(`  unexpected statuses: ${JSON.stringify(bad)}`);
}

// BENCH_DIALECT=sqlite (or postgres) measures one engine only.
const dialects = (process.env.BENCH_DIALECT ?? 'sqlite,postgres').split(',') as DialectName[];
for (const dialect of dialects) report(await benchDialect(dialect));
