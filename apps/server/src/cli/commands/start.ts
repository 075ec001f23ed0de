import type { Command } from 'commander';
import { cliConfig } from '../cli-support.ts';

/** `kassa start [--demo]`: serves the API (and, in demo mode, seeds the demo shop first). */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start the server on HOST:PORT (default 0.0.0.0:3000)')
    .option(
      '--demo',
      'seed the Dutch demo shop into an empty database and print where to open Kassa and how to sign in',
    )
    .action(async (options: { demo?: boolean }) => {
      const demo = options.demo === true || cliConfig().demo;
      // In demo mode the banner is what a newcomer reads: keep request logs out of it unless asked for.
      const quiet = demo && !process.env.KASSA_LOG_LEVEL;
      const config = cliConfig({ demo, ...(quiet ? { logLevel: 'warn' } : {}) });
      // Loaded here so the other commands do not pay for the HTTP stack at start-up.
      const { exitOnSignals, startServer } = await import('../../server.ts');
      const server = await startServer(config);
      exitOnSignals(server);
    });
}
