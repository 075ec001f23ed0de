// npm run bench -- sales
// Recording sales through the HTTP API against the same writes done directly
// with the driver, on SQLite (synchronous=FULL) and PostgreSQL; latency at 10
// concurrent clients; idempotent replays against new sales.
import pg from 'pg';
import { openSqlite } from '../apps/server/src/db/database.ts';
import type { DialectName } from '../apps/server/src/db/database.ts';
import { aSaleDocument, startSelling, type SellingHarness } from '../apps/server/test/support/selling.ts';
import { freePort, killHard, startServerProcess } from '../apps/server/test/support/server-process.ts';
import { postAll, type LoadResult } from './support/load.ts';
import { pgWrite, sqliteWriter, type RawContext } from './support/raw-sale-writes.ts';

const NEW_SALES = Number(process.env.BENCH_SALES ?? 3000);
const LATENCY_SALES = 2000;
const CONCURRENCY = 16;

function saleDocs(
  h: SellingHarness,
  items: Awaited<ReturnType<SellingHarness['aSellable']>>[],
  from: number,
  count: number,
) {
  return Array.from({ length: count }, (_, i) =>
    aSaleDocument(
      h,
      from + i,
      items.map((item) => ({ item })),
      { tender: 'card' },
    ),
  );
}

async function rawFloor(dialect: DialectName, h: SellingHarness, ctx: RawContext): Promise<number> {
  const started = performance.now();
  if (dialect === 'sqlite') {
    const handle = openSqlite(h.database.url.replace(/^sqlite:/, ''));
    const write = sqliteWriter(handle, ctx);
    for (let n = 1; n <= NEW_SALES; n++) write(n);
    handle.close();
  } else {
    const pool = new pg.Pool({ connectionString: h.database.url, max: CONCURRENCY });
    let next = 1;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        const client = await pool.connect();
        try {
          while (next <= NEW_SALES) await pgWrite(client, ctx, next++);
        } finally {
          client.release();
        }
      }),
    );
    await pool.end();
  }
  return NEW_SALES / ((performance.now() - started) / 1000);
}

async function benchDialect(dialect: DialectName) {
  const h = await startSelling(dialect, { poolSize: 4 });
  const items = [
    await h.aSellable({ price: 1298 }),
    await h.aSellable({ price: 849, taxClass: 'reduced' }),
    await h.aSellable({ price: 250 }),
  ];
  await h.app.close();
  const raw: RawContext = {
    organisationId: h.shop.organisationId,
    storeId: h.shop.stores[1]!.id,
    registerId: h.shop.stores[1]!.registerIds[0]!,
    variantIds: items.map((i) => i.variantId),
  };
  const floor = await rawFloor(dialect, h, raw);

  const port = await freePort();
  const server = await startServerProcess({ KASSA_DATABASE_URL: h.database.url }, port);
  try {
    const warmup = saleDocs(h, items, 1, 300);
    await postAll(port, '/api/v1/sales', h.shop.ownerToken, warmup, CONCURRENCY);
    const docs = saleDocs(h, items, 301, NEW_SALES);
    const fresh = await postAll(port, '/api/v1/sales', h.shop.ownerToken, docs, CONCURRENCY);
    const replay = await postAll(port, '/api/v1/sales', h.shop.ownerToken, docs, CONCURRENCY);
    const latency = await postAll(
      port,
      '/api/v1/sales',
      h.shop.ownerToken,
      saleDocs(h, items, 301 + NEW_SALES, LATENCY_SALES),
      10,
    );
    return { dialect, floor, fresh, replay, latency };
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
  fresh: LoadResult;
  replay: LoadResult;
  latency: LoadResult;
}) {
  const ratio = r.fresh.perSecond / r.floor;
  const replayRatio = r.replay.perSecond / r.fresh.perSecond;
  const bad = [r.fresh, r.replay, r.latency].flatMap((l) =>
    Object.entries(l.statuses).filter(([s]) => s !== '200' && s !== '201'),
  );
  console.log(`\n${r.dialect}: recording a typical sale (3 lines, 1 tender)`);
  console.log(`  direct driver writes (floor) ${fmt(r.floor)} sales/s`);
  console.log(
    `  Kassa HTTP, ${CONCURRENCY} clients       ${fmt(r.fresh.perSecond)} sales/s   ratio ${ratio.toFixed(2)} (target ≥ 0.50) ${verdict(ratio >= 0.5)}`,
  );
  console.log(
    `  latency at 10 clients        p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms (target p99 ≤ 20 ms) ${verdict(r.latency.p99 <= 20)}`,
  );
  console.log(
    `  idempotent replay            ${fmt(r.replay.perSecond)} sales/s   ${replayRatio.toFixed(2)}× new (target ≥ 2×) ${verdict(replayRatio >= 2)}`,
  );
  if (bad.length > 0) console.log(`  unexpected statuses: ${JSON.stringify(bad)}`);
}

for (const dialect of ['sqlite', 'postgres'] as const) report(await benchDialect(dialect));
