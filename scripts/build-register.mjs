// Builds the register PWA (apps/register/dist) when it is missing or older than its sources, so
// `npm start` always serves the current register without rebuilding on every start (~2 s when it does).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REGISTER = path.join(ROOT, 'apps/register');
const BUILT = path.join(REGISTER, 'dist/index.html');
const SOURCES = ['apps/register/src', 'apps/register/index.html', 'apps/register/vite.config.ts', 'apps/register/public', 'packages/domain/src', 'package-lock.json'];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((max, name) => Math.max(max, newestMtime(path.join(target, name))), stat.mtimeMs);
}

export function registerIsStale() {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(ROOT, source)) > built);
}

export function buildRegister({ force = false } = {}) {
  if (!force && !registerIsStale()) return;
  process.stdout.write('Building the register app (apps/register)…\n');
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  // Always a production build: a NODE_ENV inherited from a test runner ("test") would ship React's development runtime.
  const env = { ...process.env, NODE_ENV: 'production' };
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: REGISTER, stdio: 'inherit', env });
  if (result.status !== 0) {
    process.stderr.write('The register app did not build: see the errors above.\n');
    process.exit(result.status ?? 1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) buildRegister({ force: process.argv.includes('--force') });
