// `npm test`: PostgreSQL up, then lint, typecheck and every Vitest project.
// Vitest runs last so its summary is the last thing printed.
import { ensurePostgres } from './postgres.mjs';
import { runSteps } from './run.mjs';

const TSCONFIGS = [
  'packages/domain/tsconfig.json',
  'packages/domain/tsconfig.test.json',
  'packages/contracts/tsconfig.json',
  'apps/server/tsconfig.json',
];

try {
  await ensurePostgres();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

await runSteps([
  { title: 'lint (eslint .)', command: 'eslint', args: ['.'] },
  ...TSCONFIGS.map((tsconfig) => ({
    title: `typecheck ${tsconfig}`,
    command: 'tsc',
    args: ['-p', tsconfig],
  })),
  { title: 'tests (vitest run)', command: 'vitest', args: ['run', ...process.argv.slice(2)] },
]);
