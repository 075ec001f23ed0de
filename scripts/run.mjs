// Runs workspace tools in sequence, streaming their output, stopping at the first failure.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a binary from node_modules/.bin (or PATH) in the repository root; resolves with its exit code. */
export function run(command, args, { env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...env, PATH: `${ROOT}/node_modules/.bin:${env.PATH}` },
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Runs the steps in order; exits the process with the first non-zero code. */
export async function runSteps(steps) {
  for (const step of steps) {
    console.log(`\n▶ ${step.title}`);
    const code = await run(step.command, step.args, step.options);
    if (code !== 0) {
      console.error(`\n✖ ${step.title} failed (exit code ${code}).`);
      process.exit(code);
    }
  }
}
