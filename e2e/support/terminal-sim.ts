import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../apps/register/test/support/kassa-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TerminalSim {
  endpoint: string;
  /** Every movement of money the simulated terminal made (GET /sim/ledger). */
  ledger(): Promise<Array<{ serviceId: string; kind: 'charge' | 'refund' | 'reversal'; amount: number }>>;
  stop(): Promise<void>;
}

/**
 * `kassa terminal-sim` as its own process, with its lifelike delays (2.5 s per card, 20 s for a
 * slow cardholder), like a shop would run it next to the server (docs/PAYMENTS.md).
 */
export async function startTerminalSim(options: string[] = []): Promise<TerminalSim> {
  const port = await freePort();
  let output = '';
  // `options`: more `kassa terminal-sim` flags, e.g. --acquirer-offline.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/main.ts', 'terminal-sim', '--port', String(port), ...options], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const deadline = Date.now() + 30_000;
  while (!/listening on (\S+)/.test(output)) {
    if (child.exitCode !== null) throw new Error(`terminal-sim exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`terminal-sim did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const endpoint = /listening on (\S+)/.exec(output)![1]!;
  return {
    endpoint,
    async ledger() {
      const res = await fetch(`http://127.0.0.1:${port}/sim/ledger`);
      return (await res.json()) as Awaited<ReturnType<TerminalSim['ledger']>>;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
