import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  enrolmentCode,
  ownerCall,
  type KassaServer,
} from '../apps/register/test/support/kassa-server.ts';
import { addByCode, enrol, newContext, signIn } from './support/register-page.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';

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
let browser: Browser;
let storeId: string;

// This file runs its own simulator with the acquirer unreachable, bound to the demo register.
withServerAndBrowser(
  (started) => ({ server, browser, storeId } = started),
  { terminal: { simulatorArgs: ['--acquirer-offline', '--fast'] } },
);
beforeAll(async () => {
  await ownerCall(server, 'PUT', `/api/v1/stores/${storeId}/payment-settings`, {
    version: 0,
    offlinePayments: { enabled: true, transactionLimit: LIMIT, dailyLimit: 5 * LIMIT },
  });
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
