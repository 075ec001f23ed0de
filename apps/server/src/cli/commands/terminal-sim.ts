import net from 'node:net';
import type { Command } from 'commander';
import { CliError, out, parseCount } from '../cli-support.ts';

/** Exit code of `kassa terminal-sim` when its port is taken: `kassa start --demo` then picks a free port. */
export const PORT_IN_USE_EXIT_CODE = 3;

/** The message a simulator started with an IPC channel (by `kassa start --demo`) sends once it listens. */
export interface SimulatorListening {
  type: 'terminal-sim.listening';
  endpoint: string;
  port: number;
}

/** Resolves when nothing listens on host:port; an own probe so the simulator reports a taken port in one sentence. */
function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new CliError(
              `Port ${port} on ${host} is already in use (another terminal simulator or Kassa demo?): stop it, or choose another port with --port.`,
              PORT_IN_USE_EXIT_CODE,
            )
          : error,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** `kassa terminal-sim [--port 8443]`: the card terminal simulator as its own process (docs/PAYMENTS.md). */
export function registerTerminalSimCommand(program: Command): void {
  program
    .command('terminal-sim')
    .description(
      'run the card terminal simulator (nexo / Adyen Terminal API JSON on POST /nexo); the cents of the amount pick the behaviour',
    )
    .option('--port <port>', 'port to listen on (0: any free port)', parseCount('--port'), 8443)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--fast', 'answer in milliseconds instead of lifelike seconds (for tests and demos)')
    .option(
      '--concurrent',
      'allow several payments at once on one terminal id (a real terminal answers Busy)',
    )
    .action(async (options: { port: number; host: string; fast?: boolean; concurrent?: boolean }) => {
      if (options.port > 65535) throw new CliError(`--port must be 65535 or less, got ${options.port}.`);
      if (options.port !== 0) await assertPortFree(options.host, options.port);
      // Loaded here so the other commands do not pay for it.
      const { startTerminalSimulator, FAST_DELAYS, LIFELIKE_DELAYS } =
        await import('../../terminal-sim/index.ts');
      const { nexoSecurityFromEnv } = await import('../../modules/payments/payments-context.ts');
      // The same KASSA_NEXO_KEY_* the server reads: with a key, only encrypted messages are taken, as on a LAN terminal.
      let security;
      try {
        security = nexoSecurityFromEnv(process.env);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const sim = await startTerminalSimulator({
        port: options.port,
        host: options.host,
        delays: options.fast ? FAST_DELAYS : LIFELIKE_DELAYS,
        oneAtATime: !options.concurrent,
        log: (line) => out.line(line),
        ...(security ? { security } : {}),
      });
      out.line(`Kassa terminal simulator listening on ${sim.endpoint}`);
      if (security)
        out.line(
          `Messages must be encrypted with key ${security.keyIdentifier} version ${security.keyVersion} (KASSA_NEXO_KEY_*).`,
        );
      out.line(
        'Test amounts (cents): ,05 insufficient funds  ,13 card blocked  ,21 slow  ,31 no response  ,41 lost response  ,51 PIN  ,61 late approval; anything else approves.',
      );
      out.line(`Ledger: GET http://${options.host}:${sim.port}/sim/ledger. Stop with Ctrl+C.`);
      const stop = () => void sim.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      if (process.send) {
        // Started by `kassa start --demo`: tell it where we listen, and stop with it, even when it
        // was killed without a chance to stop us (the IPC channel closes with the parent).
        const listening: SimulatorListening = {
          type: 'terminal-sim.listening',
          endpoint: sim.endpoint,
          port: sim.port,
        };
        process.send(listening);
        process.once('disconnect', stop);
      }
    });
}
