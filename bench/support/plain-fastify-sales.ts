// The reference the selling issue measures Kassa against: a plain Fastify endpoint doing one
// sale's writes (raw-sale-writes.ts) per request, one transaction each: no validation, no domain
// arithmetic, no group commit. Started as its own process by sales.bench.ts, as Kassa's server is,
// and driven by the same clients; what it reaches says what the machine can do.
import Fastify from 'fastify';
import pg from 'pg';
import { openSqlite } from '../../apps/server/src/db/database.ts';
import { pgWrite, sqliteWriter, type RawContext } from './raw-sale-writes.ts';

interface Setup {
  dialect: 'sqlite' | 'postgres';
  url: string;
  contexts: RawContext[];
  port: number;
}

const setup = JSON.parse(process.env.PLAIN_SALES ?? '{}') as Setup;
const app = Fastify();
const saleNumber = (body: unknown) => (body as { n: number }).n;

if (setup.dialect === 'sqlite') {
  const handle = openSqlite(setup.url.replace(/^sqlite:/, ''));
  const writers = setup.contexts.map((ctx) => sqliteWriter(handle, ctx));
  app.post('/sales', async (request) => {
    const n = saleNumber(request.body);
    writers[n % writers.length]!(n);
    return { recorded: n };
  });
} else {
  const pool = new pg.Pool({ connectionString: setup.url, max: 16 });
  app.post('/sales', async (request) => {
    const n = saleNumber(request.body);
    const client = await pool.connect();
    try {
      await pgWrite(client, setup.contexts[n % setup.contexts.length]!, n);
    } finally {
      client.release();
    }
    return { recorded: n };
  });
}

await app.listen({ host: '127.0.0.1', port: setup.port });
process.stdout.write('ready\n');
