// npm run bench -- register-drain
// Issue 6 figure: 1,000 sales queued offline drain to the server in ≤ 20 s once
// the network returns. The register's own code (Dexie database, commitSale,
// SyncEngine) runs in Node on fake-indexeddb against a real `kassa start
// --demo` process on SQLite: the sales are committed locally while nothing is
// sent, then one drain pushes them all. (In Chromium the same code runs on the
// browser's IndexedDB; the server's side is the same.)
import 'fake-indexeddb/auto';
import { openRegisterDatabase } from '../apps/register/src/db/database.ts';
import { commitSale } from '../apps/register/src/sync/outbox.ts';
import { SyncEngine } from '../apps/register/src/sync/sync-engine.ts';
import { enrolAndSignIn, serverSales, startKassaServer } from '../apps/register/test/support/kassa-server.ts';
import { aCashSale } from '../apps/register/test/support/sales.ts';

const SALES = Number(process.env.BENCH_OFFLINE_SALES ?? 1000);

const server = await startKassaServer();
try {
  const { api, token, who } = await enrolAndSignIn(server);
  const db = openRegisterDatabase(`bench-drain-${Date.now()}`);
  const engine = new SyncEngine({
    db,
    api,
    storeId: who.storeId,
    registerId: who.registerId,
    getToken: async () => token,
  });
  if (!(await engine.pullCatalog())) throw new Error('the catalogue did not load');
  const items = await db.items.limit(3).toArray();

  // Offline: committed on the device, nothing sent.
  let started = performance.now();
  for (let i = 0; i < SALES; i++)
    await commitSale(db, aCashSale(items, who).sale, 'Sanne', new Date().toISOString());
  const queued = (performance.now() - started) / 1000;
  if ((await db.outbox.count()) !== SALES) throw new Error('the outbox does not hold every sale');

  // The network returns: one drain.
  started = performance.now();
  await engine.drain();
  const drained = (performance.now() - started) / 1000;
  const status = engine.getStatus();
  const onServer = await serverSales(server, who.registerId);
  if (status.pending !== 0 || onServer.length !== SALES)
    throw new Error(
      `after the drain: ${status.pending} pending, ${onServer.length} of ${SALES} on the server`,
    );
  const numbers = onServer.map((s) => s.receiptNumber).sort((a, b) => a - b);
  if (numbers.some((n, i) => n !== i + 1))
    throw new Error('receipt numbers on the server are not 1..N exactly once');

  console.log(`\nregister outbox (Node, fake-indexeddb) → kassa start on SQLite`);
  console.log(`  ${SALES} sales committed offline on the device   ${queued.toFixed(2)} s`);
  console.log(
    `  drained to the server once back online       ${drained.toFixed(2)} s (target ≤ 20 s) ${drained <= 20 ? 'PASS' : 'MISS'}`,
  );
  console.log(`  on the server: ${onServer.length} sales, receipt numbers 1..${SALES} each once`);
  await db.delete();
} finally {
  await server.kill();
  server.cleanup();
}
