import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  serverSales,
  type KassaServer,
} from '../apps/register/test/support/kassa-server.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import { newContext, scan, signIn } from './support/register-page.ts';

// "npm start serves the register with an enrolled demo device" (issue 6): a fresh browser that
// opens the plain address of `kassa start --demo` (no ?enrol= link) enrols the demo register with
// the enrol screen's one-tap button, then sells.
const MUG = '8719876000015'; // Mok Strand 350 ml Oker, € 12,95

let server: KassaServer;
let browser: Browser;

withServerAndBrowser((started) => ({ server, browser } = started));

describe('the demo register from the plain address', () => {
  it('enrols with the demo button, signs in and records a sale on the demo register', async () => {
    const demo = (await (await fetch(`${server.baseUrl}/api/v1/demo/register`)).json()) as {
      registerId: string;
    };
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('heading', { name: 'Dit apparaat koppelen' }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Demo-kassa koppelen' }).click();
    const continueAnyway = page.getByRole('button', { name: /Toch doorgaan|Continue anyway/ });
    const staffTile = page.getByRole('button', { name: 'Sanne Kassa' });
    await continueAnyway.or(staffTile).first().waitFor({ timeout: 20_000 });
    if (await continueAnyway.isVisible()) await continueAnyway.click();
    await signIn(page);

    await scan(page, MUG);
    await expect.poll(() => page.getByTestId('line').count()).toBe(1);
    await page.getByTestId('pay').click();
    await page.getByTestId('quick-cash').getByRole('button').first().click();
    await page.getByTestId('receipt').waitFor();
    // The sale reaches the server for the demo register (the outbox sends it in the background).
    await expect
      .poll(async () => (await serverSales(server, demo.registerId)).map((s) => s.total), { timeout: 30_000 })
      .toEqual([1295]);
    await context.close();
  });
});
