import fs from 'node:fs';
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

interface SimCommandOptions {
  port: number;
  host: string;
  fast?: boolean;
  concurrent?: boolean;
  acquirerOffline?: boolean;
  floorLimit: number;
  keyIdentifier?: string;
  keyVersion?: string;
  keyPassphraseFile?: string;
}

/** The KASSA_NEXO_KEY_* variables with the --key-* flags laid over them (a flag wins over its variable; still all three or none). */
function keyEnvironment(options: SimCommandOptions, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  let passphrase = env.KASSA_NEXO_KEY_PASSPHRASE;
  if (options.keyPassphraseFile) {
    try {
      passphrase = fs.readFileSync(options.keyPassphraseFile, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new CliError(
        `--key-passphrase-file: cannot read ${options.keyPassphraseFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      );
    }
    if (!passphrase) throw new CliError(`--key-passphrase-file: ${options.keyPassphraseFile} is empty.`);
  }
  return {
    KASSA_NEXO_KEY_IDENTIFIER: options.keyIdentifier ?? env.KASSA_NEXO_KEY_IDENTIFIER,
    KASSA_NEXO_KEY_VERSION: options.keyVersion ?? env.KASSA_NEXO_KEY_VERSION,
    KASSA_NEXO_KEY_PASSPHRASE: passphrase,
  };
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
    .option(
      '--acquirer-offline',
      'start with the acquirer unreachable: approve offline within the limit, store and upload later (toggle with POST /sim/acquirer)',
    )
    .option(
      '--floor-limit <minor>',
      "the terminal's own offline floor limit in minor units",
      parseCount('--floor-limit'),
      10_000,
    )
    .option('--key-identifier <id>', 'nexo key identifier (instead of KASSA_NEXO_KEY_IDENTIFIER)')
    .option('--key-version <n>', 'nexo key version (instead of KASSA_NEXO_KEY_VERSION)')
    .option(
      '--key-passphrase-file <file>',
      'file holding the nexo key passphrase (instead of KASSA_NEXO_KEY_PASSPHRASE; kept out of the process list)',
    )
    .action(async (options: SimCommandOptions) => {
      if (options.port > 65535) throw new CliError(`--port must be 65535 or less, got ${options.port}.`);
      if (options.port !== 0) await assertPortFree(options.host, options.port);
      // Loaded here so the other commands do not pay for it.
      const { startTerminalSimulator, FAST_DELAYS, LIFELIKE_DELAYS } =
        await import('../../terminal-sim/index.ts');
      const { nexoSecurityFromEnv } = await import('../../modules/payments/payments-context.ts');
      // The same KASSA_NEXO_KEY_* the server reads, or the --key-* flags over them: with a key, only encrypted messages are taken, as on a LAN terminal.
      let security;
      try {
        security = nexoSecurityFromEnv(keyEnvironment(options, process.env));
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(
          `${(error as Error).message} (Or give --key-identifier, --key-version and --key-passphrase-file.)`,
        );
      }
      const sim = await startTerminalSimulator({
        port: options.port,
        host: options.host,
        delays: options.fast ? FAST_DELAYS : LIFELIKE_DELAYS,
        oneAtATime: !options.concurrent,
        log: (line) => out.line(line),
        acquirerUnreachable: Boolean(options.acquirerOffline),
        floorLimit: options.floorLimit,
        ...(security ? { security } : {}),
      });
      out.line(`Kassa terminal simulator listening on ${sim.endpoint}`);
      if (security)
        out.line(
          `Messages must be encrypted with key ${security.keyIdentifier} version ${security.keyVersion} (KASSA_NEXO_KEY_* or --key-*).`,
        );
      out.line(
        'Test amounts (cents): ,05 insufficient funds  ,13 card blocked  ,21 slow  ,31 no response  ,41 lost response  ,51 PIN  ,61 late approval; anything else approves.',
      );
      out.line(
        `Acquirer ${options.acquirerOffline ? 'UNREACHABLE: approving offline up to the limit (floor limit ' + options.floorLimit + '), ,05 is declined at upload' : 'reachable'}; toggle with POST http://${options.host}:${sim.port}/sim/acquirer {"reachable": true|false}.`,
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
