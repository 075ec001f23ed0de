// `npm run bench`: every bench/*.bench.ts in turn, with tsx. Benchmarks print
// their own figures; this only sequences them and stops at the first failure.
import fs from 'node:fs';
import path from 'node:path';
import { ensurePostgres } from './postgres.mjs';
import { ROOT, runSteps } from './run.mjs';

const only = process.argv.slice(2);
const dir = path.join(ROOT, 'bench');
const benches = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

if (benches.length === 0) {
  console.error('No bench/*.bench.ts found' + (only.length ? ` matching ${only.join(', ')}` : '') + '.');
  process.exit(1);
}

try {
  await ensurePostgres();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

await runSteps(
  benches.map((name) => ({ title: `bench/${name}`, command: 'tsx', args: [path.join('bench', name)] })),
);
