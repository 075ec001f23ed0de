import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolmentCode,
  ownerCall,
  startKassaServer,
  type KassaServer,
} from '../apps/register/test/support/kassa-server.ts';
import { launchChromium } from './support/browser.ts';
import { addByCode, enrol, newContext, signIn } from './support/register-page.ts';
import { startTerminalSim, type TerminalSim } from './support/terminal-sim.ts';

// Card payments from the register while the terminal cannot reach the bank (store-and-forward,
// docs/PAYMENTS.md): every payment the register starts carries the store's offline allowance, so
// the terminal approves within it and declines above it, and the register says why in Dutch.
const MUG = '8719876000015'; // Mok Strand 350 ml Oker, € 12,95
const COFFEE = '8719876000848'; // Koffiebonen Colombia Huila 250 g, € 8,95
const LIMIT = 2000; // € 20,00 per payment

interface Attempt {
  amount: number;
  state: string;
  offlineAllowance: number;
  offline: { upload: string } | null;
}

let server: KassaServer;
let sim: TerminalSim;
let browser: Browser;

beforeAll(async () => {
  // This file runs its own simulator with the acquirer unreachable; the demo's own one stays off.
  process.env.KASSA_DEMO_TERMINAL_PORT = 'off';
  [server, sim, browser] = await Promise.all([
    startKassaServer(),
    startTerminalSim(['--acquirer-offline', '--fast']),
    launchChromium(),
  ]);
  const stores = await ownerCall<{ items: Array<{ id: string; registers: Array<{ id: string }> }> }>(
    server,
    'GET',
    '/api/v1/stores',
  );
  const store = stores.items[0]!;
  await ownerCall(server, 'POST', '/api/v1/payment-terminals', {
    id: randomUUID(),
    storeId: store.id,
    registerId: store.registers[0]!.id,
    name: 'Pinautomaat 1',
    adapter: 'simulator',
    endpoint: sim.endpoint,
    poiId: 'SIM-0001',
  });
  await ownerCall(server, 'PUT', `/api/v1/stores/${store.id}/payment-settings`, {
    version: 0,
    offlinePayments: { enabled: true, transactionLimit: LIMIT, dailyLimit: 5 * LIMIT },
  });
});
afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  await server?.kill();
  server?.cleanup();
});

async function payByCard(page: Page, amount: string): Promise<string | null> {
  await page.getByRole('textbox', { name: 'Bedrag op de pas' }).fill(amount);
  await page.getByTestId('card-pay').click();
  const outcome = page.getByTestId('card-outcome');
  await outcome.waitFor({ timeout: 20_000 });
  return outcome.getAttribute('data-outcome');
}

describe('card payments while the terminal cannot reach the bank', () => {
  it("declines above the store's offline limit with the reason in Dutch, and approves offline within it", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const { code } = await enrolmentCode(server);
    await enrol(page, server.baseUrl, code);
    await signIn(page);
    await addByCode(page, MUG);
    await addByCode(page, COFFEE);
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('21,90');
    await page.getByTestId('pay').click();

    expect(await payByCard(page, '21,90')).toBe('declined');
    expect(await page.getByTestId('card-outcome').textContent()).toMatch(
      /Pas geweigerd \(€\s21,90\): de pinautomaat heeft geen verbinding met de bank en het bedrag is hoger dan wat de winkel offline toestaat\./,
    );
    expect(await payByCard(page, '12,95')).toBe('approved');

    const attempts = (await ownerCall<{ items: Attempt[] }>(server, 'GET', '/api/v1/payments')).items;
    expect(
      attempts.map((a) => [a.amount, a.state, a.offlineAllowance, a.offline?.upload ?? null]).sort(),
    ).toEqual([
      [1295, 'approved', LIMIT, 'pending'],
      [2190, 'declined', LIMIT, null],
    ]);
    await context.close();
  });
});
