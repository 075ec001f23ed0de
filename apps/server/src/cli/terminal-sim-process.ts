import { spawn, type ChildProcess } from 'node:child_process';
import { PORT_IN_USE_EXIT_CODE, type SimulatorListening } from './commands/terminal-sim.ts';

/** The terminal simulator running as a child process of `kassa start --demo`. */
export interface SimulatorProcess {
  endpoint: string;
  port: number;
  /** Set when the configured port was taken and another one was used. */
  portNote: string | null;
  /** Stops the simulator and waits until the process has ended (safe to call twice). */
  stop(): Promise<void>;
}

type Attempt =
  | { kind: 'running'; child: ChildProcess; listening: SimulatorListening }
  | { kind: 'port_in_use' }
  | { kind: 'failed'; reason: string };

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function stopChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Runs `kassa terminal-sim` as its own process: the same CLI entry and Node flags as this
 * process (tsx's loader under `npm start`), and an IPC channel through which the child says
 * where it listens and by which it notices when this process is gone.
 */
function spawnSimulator(
  port: number,
  host: string,
  print: (line: string) => void,
  timeoutMs: number,
): Promise<Attempt> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, process.argv[1]!, 'terminal-sim', '--port', String(port), '--host', host],
    {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: process.env,
      // Its own process group: Ctrl+C in the terminal reaches only Kassa, which stops the simulator
      // after the server (and so never reports it as having stopped on its own).
      detached: true,
    },
  );
  let output = '';
  let ready = false;
  const forward = (chunk: Buffer) => {
    if (!ready) output += chunk.toString();
    // After start-up, each payment the simulator answers is one line: show it, it is what the demo is about.
    else for (const line of chunk.toString().split('\n').filter(Boolean)) print(`  [pinautomaat] ${line}`);
  };
  child.stdout!.on('data', forward);
  child.stderr!.on('data', forward);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ kind: 'failed', reason: `it did not answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    child.on('message', (message: SimulatorListening) => {
      if (message?.type !== 'terminal-sim.listening') return;
      ready = true;
      clearTimeout(timer);
      resolve({ kind: 'running', child, listening: message });
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ kind: 'failed', reason: error.message });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === PORT_IN_USE_EXIT_CODE) resolve({ kind: 'port_in_use' });
      else resolve({ kind: 'failed', reason: output.trim().split('\n')[0] || `it exited with code ${code}` });
    });
  });
}

/**
 * Starts the payment-terminal simulator for the demo on `port`; when that port is taken it
 * says so and uses a free port instead. Returns null (after saying why) when the simulator
 * cannot start at all: the demo then runs without a card terminal rather than not at all.
 */
export async function startSimulatorProcess(options: {
  port: number;
  host?: string;
  print: (line: string) => void;
  timeoutMs?: number;
}): Promise<SimulatorProcess | null> {
  const host = options.host ?? '127.0.0.1';
  const timeoutMs = options.timeoutMs ?? 30_000;
  let attempt = await spawnSimulator(options.port, host, options.print, timeoutMs);
  let portNote: string | null = null;
  if (attempt.kind === 'port_in_use') {
    portNote = `port ${options.port} was in use, so the simulator took a free port`;
    attempt = await spawnSimulator(0, host, options.print, timeoutMs);
  }
  if (attempt.kind !== 'running') {
    const reason = attempt.kind === 'failed' ? attempt.reason : 'no free port';
    options.print(
      `Kassa starts without the payment-terminal simulator: it did not start (${reason}). Run "npm run kassa -- terminal-sim" yourself to take card payments.`,
    );
    return null;
  }
  const { child, listening } = attempt;
  let stopping: Promise<void> | undefined;
  child.once('exit', (code, signal) => {
    if (!stopping)
      options.print(
        `The payment-terminal simulator stopped (${signal ?? `exit code ${code}`}); card payments in the demo fail until Kassa is restarted.`,
      );
  });
  return {
    endpoint: listening.endpoint,
    port: listening.port,
    portNote,
    stop: () => (stopping ??= stopChild(child)),
  };
}
