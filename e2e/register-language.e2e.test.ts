import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  enrolmentCode,
  ownerCall,
  type KassaServer,
} from '../apps/register/test/support/kassa-server.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import { enrol, newContext, readLocalStore } from './support/register-page.ts';

// Dutch and English per cashier (issue 6), in Debian's Chromium against a real demo server: Daan's
// locale on the server is English, Sanne's Dutch. Switching cashier switches the language, also
// when the sign-in is checked offline; a cashier's own choice with the language button is kept on
// the device for that person; the sign-in screen shows the device's last language.

let server: KassaServer;
let browser: Browser;

withServerAndBrowser((started) => ({ server, browser } = started));
beforeAll(async () => {
  const found = await ownerCall<{ items: Array<{ id: string; name: string; version: number }> }>(
    server,
    'GET',
    '/api/v1/staff?q=Daan',
  );
  const daan = found.items.find((s) => s.name === 'Daan Kassa')!;
  await ownerCall(server, 'PUT', `/api/v1/staff/${daan.id}`, {
    version: daan.version,
    name: daan.name,
    locale: 'en-GB',
  });
});

const PINS: Record<string, string> = { 'Sanne Kassa': '3333', 'Daan Kassa': '4444' };

const shownLanguage = (page: Page) => page.evaluate(() => document.documentElement.lang);

async function signIn(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  for (const digit of PINS[name]!)
    await page.getByRole('button', { name: new RegExp(`^(Cijfer|Digit) ${digit}$`) }).click();
  await page.getByRole('button', { name: /^(Inloggen|Sign in)$/ }).click();
  await page.getByTestId('total').waitFor({ timeout: 30_000 });
}

/** Switches cashier from the sell screen; returns the language of the sign-in screen on the way. */
async function switchTo(page: Page, name: string): Promise<string> {
  await page.getByRole('button', { name: /^(Kassier|Cashier): / }).click();
  await page.getByRole('button', { name, exact: true }).waitFor();
  const signInLanguage = await shownLanguage(page);
  await signIn(page, name);
  return signInLanguage;
}

/** The cashier pill, in the language on screen. */
const cashierPill = (page: Page) => page.getByRole('button', { name: /^(Kassier|Cashier): / }).textContent();

/** Offline PIN verifiers the register keeps in IndexedDB (fetched on the sign-in screen). */
const offlinePinCount = (page: Page) => readLocalStore<number>(page, 'offlinePins', { op: 'count' });

describe('the language per cashier', () => {
  it("switches to each cashier's language at sign-in, online and offline, and keeps a cashier's own choice", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const { code } = await enrolmentCode(server);
    await enrol(page, server.baseUrl, code);
    expect(await shownLanguage(page)).toBe('nl');
    await page.getByRole('heading', { name: 'Wie verkoopt er?' }).waitFor();

    // Daan's locale on the server is English; Sanne's Dutch.
    await signIn(page, 'Daan Kassa');
    expect(await shownLanguage(page)).toBe('en');
    expect(await cashierPill(page)).toBe('Cashier: Daan Kassa');
    // The sign-in screen shows the device's last language: Daan's.
    expect(await switchTo(page, 'Sanne Kassa')).toBe('en');
    expect(await shownLanguage(page)).toBe('nl');
    expect(await cashierPill(page)).toBe('Kassier: Sanne Kassa');

    // Offline, the PIN is checked on the device, and the language comes from the staff list it keeps.
    await expect.poll(() => offlinePinCount(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await context.setOffline(true);
    await switchTo(page, 'Daan Kassa');
    expect(await shownLanguage(page)).toBe('en');
    await switchTo(page, 'Sanne Kassa');
    expect(await shownLanguage(page)).toBe('nl');
    await context.setOffline(false);

    // Sanne chooses English for herself, Daan Dutch for himself: each is kept for that person.
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expect.poll(() => shownLanguage(page)).toBe('en');
    await switchTo(page, 'Daan Kassa');
    expect(await shownLanguage(page)).toBe('en');
    await page.getByRole('button', { name: 'Nederlands', exact: true }).click();
    await expect.poll(() => shownLanguage(page)).toBe('nl');
    await switchTo(page, 'Sanne Kassa');
    expect(await shownLanguage(page)).toBe('en');
    // A reload starts in the signed-in cashier's language.
    await page.reload();
    await page.getByTestId('total').waitFor({ timeout: 30_000 });
    expect(await shownLanguage(page)).toBe('en');
    expect(await switchTo(page, 'Daan Kassa')).toBe('en');
    expect(await shownLanguage(page)).toBe('nl');
    expect(await cashierPill(page)).toBe('Kassier: Daan Kassa');
    await context.close();
  });
});
