import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ownerCall, startKassaServer, type KassaServer } from '../../apps/register/test/support/kassa-server.ts';
import { launchChromium } from './browser.ts';
import { startTerminalSim, type TerminalSim } from './terminal-sim.ts';

export interface Started {
  server: KassaServer;
  browser: Browser;
  /** With `terminal`: the simulator, registered as the demo register's terminal. */
  sim?: TerminalSim;
  /** The demo store the register sells in (its first store as listed). */
  storeId: string;
}

/**
 * The set-up of every register e2e file: a real `kassa start --demo` process and Debian's Chromium,
 * started together before the file's tests (and the screenshot folder made) and stopped after them.
 * `ready` receives them, as the file's own variables: `withServerAndBrowser((s) => ({ server, browser } = s))`.
 * With `terminal`, the file runs its own terminal simulator (with those flags; the demo's own one
 * stays off) and a manager points Kassa at it for the demo register (PAYMENTS.md, "Configure it as
 * a terminal").
 */
export function withServerAndBrowser(
  ready: (started: Started) => void,
  options: { artifacts?: string; browserArgs?: readonly string[]; terminal?: { simulatorArgs?: string[] } } = {},
): void {
  let started: Started | undefined;
  beforeAll(async () => {
    if (options.artifacts) mkdirSync(options.artifacts, { recursive: true });
    if (options.terminal) process.env.KASSA_DEMO_TERMINAL_PORT = 'off';
    const [server, browser, sim] = await Promise.all([
      startKassaServer(),
      launchChromium(options.browserArgs),
      options.terminal ? startTerminalSim(options.terminal.simulatorArgs) : undefined,
    ]);
    const stores = await ownerCall<{ items: Array<{ id: string; registers: Array<{ id: string }> }> }>(server, 'GET', '/api/v1/stores');
    const store = stores.items[0]!;
    started = { server, browser, storeId: store.id, ...(sim ? { sim } : {}) };
    if (sim) {
      await ownerCall(server, 'POST', '/api/v1/payment-terminals', {
        id: randomUUID(),
        storeId: store.id,
        registerId: store.registers[0]!.id,
        name: 'Pinautomaat 1',
        adapter: 'simulator',
        endpoint: sim.endpoint,
        poiId: 'SIM-0001',
      });
    }
    ready(started);
  });
  afterAll(async () => {
    await started?.browser.close();
    await started?.sim?.stop();
    await started?.server.kill();
    started?.server.cleanup();
  });
}
