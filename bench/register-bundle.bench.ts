// npm run bench -- register-bundle
// Issue 6 figure: the register's JavaScript ≤ 250 kB gzip on first load (code for rare screens may
// load later). The register is built for production exactly as scripts/build-register.mjs builds
// apps/register/dist for `npm start` (same vite.config.ts, NODE_ENV=production), into a temporary
// folder and with Vite's manifest, which records each chunk's static and dynamic imports. What a
// first start loads is the entry chunk of index.html and every chunk it imports statically, all
// the way down; chunks reached only through import() (menus, dialogs, the camera scanner) load
// when first used and are listed for information. Each file is gzipped with node:zlib (level 9,
// about what a server or CDN sends); 1 kB = 1,000 bytes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { firstLoad, type ViteManifest } from './support/first-load.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REGISTER = path.join(ROOT, 'apps/register');
const TARGET_KB = 250;

const VITE = path.join(ROOT, 'node_modules/vite/bin/vite.js');
const outDir = mkdtempSync(path.join(os.tmpdir(), 'kassa-bench-bundle-'));
try {
  const args = [VITE, 'build', '--manifest', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  const built = spawnSync(process.execPath, args, {
    cwd: REGISTER,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}\n${built.stderr}`);

  const read = (file: string) => readFileSync(path.join(outDir, file));
  const manifest = JSON.parse(read('.vite/manifest.json').toString('utf8')) as ViteManifest;
  const load = firstLoad(manifest, read('index.html').toString('utf8'));

  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1).padStart(6)} kB`;
  const gzipped = (file: string) => gzipSync(read(file), { level: 9 }).length;
  const sum = (files: string[]) => files.reduce((total, file) => total + gzipped(file), 0);
  const row = (label: string, bytes: number, verdict = '') =>
    console.log(`  ${label.padEnd(58)} gzip ${kB(bytes)}${verdict}`);

  console.log(`\nregister production build (vite.config.ts as npm start builds it)`);
  for (const file of load.firstLoadScripts) row(`  ${file} (${kB(read(file).length).trim()})`, gzipped(file));
  const first = sum(load.firstLoadScripts);
  const verdict = ` (target ≤ ${TARGET_KB} kB) ${first <= TARGET_KB * 1000 ? 'PASS' : 'MISS'}`;
  row(`JavaScript on first load (${load.firstLoadScripts.length} files)`, first, verdict);
  row(`JavaScript loaded later, on first use (${load.lazyScripts.length} chunks)`, sum(load.lazyScripts));
  row(`stylesheets on first load (${load.firstLoadStyles.length})`, sum(load.firstLoadStyles));
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
