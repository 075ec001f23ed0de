// `npm test`: PostgreSQL up, then lint, typecheck and every Vitest project.
// Vitest runs last so its summary is the last thing printed.
import { ensurePostgres } from './postgres.mjs';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { runSteps } from './run.mjs';
import { buildRegister } from './build-register.mjs';

const TSCONFIGS = [
  'packages/domain/tsconfig.json',
  'packages/domain/tsconfig.test.json',
  'packages/contracts/tsconfig.json',
  'apps/server/tsconfig.json',
  'apps/register/tsconfig.json',
  'e2e/tsconfig.json',
];

try {
  await ensurePostgres();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

// The browser tests (vitest project `e2e`) drive Debian's Chromium against the built register.
if (!existsSync('/usr/bin/chromium') && !process.env.KASSA_CHROMIUM) {
  console.log('Chromium is missing: apt-get install -y chromium');
  const apt = spawnSync('sh', ['-c', 'apt-get install -y chromium || (apt-get update && apt-get install -y chromium)'], { stdio: 'inherit' });
  if (apt.status !== 0) {
    console.error('Could not install Chromium; install it (apt-get install -y chromium) or set KASSA_CHROMIUM.');
    process.exit(1);
  }
}
buildRegister();

await runSteps([
  { title: 'lint (eslint .)', command: 'eslint', args: ['.'] },
  ...TSCONFIGS.map((tsconfig) => ({
    title: `typecheck ${tsconfig}`,
    command: 'tsc',
    args: ['-p', tsconfig],
  })),
  { title: 'tests (vitest run)', command: 'vitest', args: ['run', ...process.argv.slice(2)] },
]);
