import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { enrolmentCode, type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import { addByCode, signIn } from './support/register-page.ts';

// axe-core over every main screen of the register (UI.md: accessible, axe checks in the browser
// tests), light and dark, at tablet and phone size, in Chromium against `kassa start --demo`.
const MUG = '8719876000015'; // Mok Strand 350 ml Oker, € 12,95
const COFFEE = '8719876000848'; // Koffiebonen Colombia Huila 250 g, € 8,95
const UNKNOWN = '8710000000017'; // not in the demo catalogue

let server: KassaServer;
let browser: Browser;

withServerAndBrowser((started) => ({ server, browser } = started));

async function menuScreen(page: Page, item: RegExp, screen: string): Promise<void> {
  await page.getByTestId('menu-button').click();
  await page.getByTestId('register-menu').getByRole('button', { name: item }).click();
  await page.getByRole('dialog').getByRole('heading').first().waitFor();
  await expectNoAxeViolations(page, screen);
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
}

describe('accessibility of the register (axe-core)', () => {
  it('the check itself fails on a serious violation and names it', async () => {
    const page = await browser.newPage();
    await page.setContent('<html lang="en"><body><main><button></button><img src="x.png"></main></body></html>');
    const error = await expectNoAxeViolations(page, 'a broken page').then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(/"a broken page"/);
    expect(error?.message).toMatch(/critical button-name/);
    expect(error?.message).toMatch(/image-alt/);
    await page.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no serious or critical violations on the main screens (${colorScheme})`, async () => {
      const context = await browser.newContext({ viewport: { width: 820, height: 1180 }, locale: 'nl-NL', colorScheme });
      const page = await context.newPage();
      const { code } = await enrolmentCode(server);

      await page.goto(server.baseUrl);
      await page.getByRole('textbox', { name: 'Koppelcode' }).waitFor();
      await expectNoAxeViolations(page, 'enrol');
      await page.getByRole('textbox', { name: 'Koppelcode' }).fill(code);
      // Exact: on a demo server the screen also offers "Demo-kassa koppelen".
      await page.getByRole('button', { name: 'Koppelen', exact: true }).click();
      const continueAnyway = page.getByRole('button', { name: /Toch doorgaan/ });
      const staffTile = page.getByRole('button', { name: 'Sanne Kassa' });
      await continueAnyway.or(staffTile).first().waitFor({ timeout: 20_000 });
      if (await continueAnyway.isVisible()) {
        await expectNoAxeViolations(page, 'persistent storage refused');
        await continueAnyway.click();
      }
      await staffTile.waitFor();
      await expectNoAxeViolations(page, 'who is selling');
      await staffTile.click();
      await expectNoAxeViolations(page, 'PIN');
      await page.getByRole('button', { name: 'Terug' }).click();
      await signIn(page);

      await expectNoAxeViolations(page, 'sell, empty');
      await addByCode(page, MUG);
      await addByCode(page, COFFEE);
      await expectNoAxeViolations(page, 'sell with a cart and a selected line');
      await page.getByRole('button', { name: 'Regelkorting' }).click();
      await expectNoAxeViolations(page, 'line discount');
      await page.getByRole('button', { name: '25 %' }).click();
      await page.getByTestId('approval-dialog').waitFor();
      await expectNoAxeViolations(page, 'manager approval');
      await page.getByTestId('approval-cancel').click();

      await page.keyboard.press('F7');
      await page.getByTestId('line-dialog').waitFor();
      await expectNoAxeViolations(page, 'line note and sold by');
      await page.keyboard.press('Escape');
      await page.getByRole('searchbox').fill(UNKNOWN);
      await page.getByRole('searchbox').press('Enter');
      await page.getByTestId('scan-notice').waitFor();
      await expectNoAxeViolations(page, 'unknown barcode');
      await page.getByTestId('add-unknown').click();
      await page.getByTestId('unknown-item-dialog').waitFor();
      await expectNoAxeViolations(page, 'unknown item');
      await page.keyboard.press('Escape');
      await page.getByTestId('scan-notice').getByRole('button', { name: 'OK' }).click();

      await page.keyboard.press('?');
      await page.getByTestId('shortcuts-dialog').waitFor();
      await expectNoAxeViolations(page, 'shortcut list');
      await page.keyboard.press('Escape');

      await page.getByTestId('pay').click();
      await page.getByTestId('quick-cash').waitFor();
      await expectNoAxeViolations(page, 'pay');
      await page.getByTestId('quick-cash').getByRole('button').last().click();
      await page.getByTestId('receipt').waitFor();
      await expectNoAxeViolations(page, 'receipt');
      await page.getByTestId('new-sale').click();

      await page.getByTestId('menu-button').click();
      await page.getByTestId('register-menu').waitFor();
      await expectNoAxeViolations(page, 'menu');
      await page.keyboard.press('Escape');
      await menuScreen(page, /Dienst en kassalade/, 'shift');
      await menuScreen(page, /Retour of ruilen/, 'returns');
      await menuScreen(page, /In- \/ uitklokken/, 'time clock');

      // Phone portrait: the same sell screen stacked.
      await page.setViewportSize({ width: 390, height: 844 });
      await addByCode(page, MUG);
      await expectNoAxeViolations(page, 'sell on a phone');
      await context.close();
    });
  }
});
