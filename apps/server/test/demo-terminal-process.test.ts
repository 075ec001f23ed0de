import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { demoTerminalPort } from '../src/cli/commands/start.ts';
import { PORT_IN_USE_EXIT_CODE } from '../src/cli/commands/terminal-sim.ts';
import { exitOf, runKassa, spawnKassa, waitForOutput } from './support/cli-process.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { freePort } from './support/server-process.ts';

type Terminal = { id: string; storeId: string; endpoint: string };
const json = async <T>(response: Response | Promise<Response>) => (await (await response).json()) as T;

const BANNER =
  /Open on this computer:\s+http:\/\/localhost:(\d+)[\s\S]*?Card terminal \(simulator\): (http:\/\/127\.0\.0\.1:(\d+)\/nexo)([^\n]*)[\s\S]*?(kassa_[A-Za-z0-9_-]{20,})/;

/** Whether something accepts connections on the loopback port (the simulator, here). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function eventuallyClosed(port: number, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await listening(port))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

// `kassa start --demo` runs the payment-terminal simulator as its own process, registers it as
// the demo store's terminal, prints it with the logins and stops it with the server (docs/OPERATIONS.md).
describe.each(DIALECTS)(
  'the demo start with its terminal simulator on %s',
  { timeout: 180_000 },
  (dialect) => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(dialect, { migrate: false });
    });
    afterAll(async () => database?.drop());

    const startDemo = (simulatorPort: number) =>
      spawnKassa(['start', '--demo'], {
        KASSA_DATABASE_URL: database.url,
        HOST: '127.0.0.1',
        PORT: '0',
        KASSA_SECRET: 'test-secret-test-secret-test-secret',
        KASSA_DEMO_TERMINAL_PORT: String(simulatorPort),
      });

    it('registers the simulator, takes a card payment through it, and stops it on SIGTERM', async () => {
      const simulatorPort = await freePort();
      const child = startDemo(simulatorPort);
      try {
        const [, port, endpoint, printedPort, note, token] = await waitForOutput(child, BANNER, 120_000);
        expect([printedPort, note!.trim()]).toEqual([String(simulatorPort), '']);
        const api = (path: string, init: RequestInit = {}) =>
          fetch(`http://127.0.0.1:${port}${path}`, {
            ...init,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          });
        const terminals = (await json<{ items: Terminal[] }>(api('/api/v1/payment-terminals'))).items;
        expect(terminals).toEqual([
          expect.objectContaining({ adapter: 'simulator', endpoint, registerId: null }),
        ]);
        const store = await json<{ registers: Array<{ id: string }> }>(
          api(`/api/v1/stores/${terminals[0]!.storeId}`),
        );

        const payment = {
          id: uuidv7(),
          saleId: uuidv7(),
          registerId: store.registers[0]!.id,
          terminalId: terminals[0]!.id,
          amount: 1295,
          currency: 'EUR',
        };
        expect(
          (await api('/api/v1/payments', { method: 'POST', body: JSON.stringify(payment) })).status,
        ).toBeLessThan(300);
        let state = 'in_progress';
        for (let i = 0; i < 10 && state === 'in_progress'; i++)
          state = (await json<{ state: string }>(api(`/api/v1/payments/${payment.id}?waitMs=5000`))).state;
        expect(state).toBe('approved');

        child.kill('SIGTERM');
        expect(await exitOf(child)).toBe(0);
        expect(await eventuallyClosed(simulatorPort)).toBe(true);
      } finally {
        child.kill('SIGKILL');
      }
    });

    it('says so when the simulator port is in use, takes a free one, and the simulator ends with a killed server', async () => {
      const taken = net.createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const takenPort = (taken.address() as net.AddressInfo).port;
      const child = startDemo(takenPort);
      try {
        const [, port, endpoint, printedPort, note, token] = await waitForOutput(child, BANNER, 120_000);
        expect(printedPort).not.toBe(String(takenPort));
        expect(note).toContain(`port ${takenPort} was in use`);
        expect(await listening(Number(printedPort))).toBe(true);
        const terminals = (
          await json<{ items: Terminal[] }>(
            fetch(`http://127.0.0.1:${port}/api/v1/payment-terminals`, {
              headers: { authorization: `Bearer ${token}` },
            }),
          )
        ).items;
        // The restart on the database of the first test keeps that terminal and adds the one on the new port.
        expect(terminals.map((t) => t.endpoint)).toContain(endpoint);
        expect(terminals).toHaveLength(2);
        // A server killed without shutting down cannot stop its simulator: the simulator notices and ends itself.
        child.kill('SIGKILL');
        await exitOf(child);
        expect(await eventuallyClosed(Number(printedPort))).toBe(true);
      } finally {
        child.kill('SIGKILL');
        await new Promise((resolve) => taken.close(resolve));
      }
    });
  },
);

describe('the terminal simulator port', () => {
  it('is 8443 unless KASSA_DEMO_TERMINAL_PORT says another port, 0 (any) or off', () => {
    expect(
      [
        {},
        { KASSA_DEMO_TERMINAL_PORT: '9443' },
        { KASSA_DEMO_TERMINAL_PORT: '0' },
        { KASSA_DEMO_TERMINAL_PORT: 'off' },
      ].map(demoTerminalPort),
    ).toEqual([8443, 9443, 0, null]);
    expect(() => demoTerminalPort({ KASSA_DEMO_TERMINAL_PORT: '70000' })).toThrow(
      /KASSA_DEMO_TERMINAL_PORT must be a port number \(0 for any free port\) or "off", got "70000"/,
    );
  });

  it('makes `kassa terminal-sim` on a taken port exit with its own code and one sentence', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const result = await runKassa(['terminal-sim', '--port', String(port)], {});
      expect(result.code).toBe(PORT_IN_USE_EXIT_CODE);
      expect(result.stderr.trim()).toBe(
        `Port ${port} on 127.0.0.1 is already in use (another terminal simulator or Kassa demo?): stop it, or choose another port with --port.`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);
});
