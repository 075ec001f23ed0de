import type { Command } from 'commander';
import { loadTlsConfig } from '../../config.ts';
import { CliError, cliConfig, out } from '../cli-support.ts';
import { startSimulatorProcess, type SimulatorProcess } from '../terminal-sim-process.ts';

/** The demo's terminal simulator port: KASSA_DEMO_TERMINAL_PORT (default 8443, 0 = any free port, off = none). */
export function demoTerminalPort(env: NodeJS.ProcessEnv): number | null {
  const value = env.KASSA_DEMO_TERMINAL_PORT?.trim() ?? '';
  if (value === '') return 8443;
  if (value === 'off') return null;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(
      `KASSA_DEMO_TERMINAL_PORT must be a port number (0 for any free port) or "off", got "${value}".`,
    );
  return port;
}

/** `kassa start [--demo]`: serves the API (and, in demo mode, seeds the demo shop and runs a terminal simulator). */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start the server on HOST:PORT (default 0.0.0.0:3000)')
    .option(
      '--demo',
      'seed the Dutch demo shop into an empty database, run the payment-terminal simulator and print where to open Kassa and how to sign in',
    )
    .action(async (options: { demo?: boolean }) => {
      const demo = options.demo === true || cliConfig().demo;
      // In demo mode the banner is what a newcomer reads: keep request logs out of it unless asked for.
      const quiet = demo && !process.env.KASSA_LOG_LEVEL;
      // HTTPS when KASSA_TLS_CERT and KASSA_TLS_KEY are set; read and checked before anything starts.
      const config = cliConfig({ demo, ...(quiet ? { logLevel: 'warn' } : {}), tls: loadTlsConfig(process.env) });
      const simulatorPort = demo ? demoTerminalPort(process.env) : null;
      // The simulator is its own process (like a real terminal on the counter), started first so
      // the banner can name its address; it is stopped with the server.
      const simulator: SimulatorProcess | null =
        simulatorPort === null
          ? null
          : await startSimulatorProcess({ port: simulatorPort, print: (line) => out.line(line) });
      // Loaded here so the other commands do not pay for the HTTP stack at start-up.
      const { exitOnSignals, startServer } = await import('../../server.ts');
      try {
        const server = await startServer(config, {
          demoTerminal: simulator ? { endpoint: simulator.endpoint, note: simulator.portNote } : null,
        });
        exitOnSignals({
          ...server,
          close: async () => {
            await server.close();
            await simulator?.stop();
          },
        });
      } catch (error) {
        await simulator?.stop();
        throw error;
      }
    });
}
