import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { enrolmentCode, ownerCall, serverSales, type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import { catalogueLoaded, closeRegister, enrol, recordSentSales, registerMeta, signIn } from './support/register-page.ts';

// A whole sale with the keyboard only (issue 6: shortcuts for search, quantity, discount, park and
// pay), with a second sale parked in between, in Chromium against `kassa start --demo`.
const MUG_SEARCH = 'mok strand oker'; // one item: Mok Strand 350 ml Oker, € 12,95 (21 %)
const COFFEE_SEARCH = 'koffiebonen huila 250'; // one item: Koffiebonen Colombia Huila 250 g, € 8,95 (9 %)

interface SentSale { id: string; lines: Array<{ description: string; quantity?: number; lineDiscount?: { kind: string; bp?: number } }>; orderDiscount?: { kind: string; bp?: number } }
interface StoredSale { id: string; total: number; discountTotal: number; lines: Array<{ description: string; quantityMilli: number; lineDiscount: number }> }

let server: KassaServer;
let browser: Browser;

withServerAndBrowser((started) => ({ server, browser } = started));

async function openRegister(): Promise<{ context: BrowserContext; page: Page; registerId: string; sent: SentSale[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });
  const page = await context.newPage();
  // The sale documents the outbox sends: the discounts as the register gave them (the server keeps amounts).
  const sent = recordSentSales<SentSale>(page);
  const { code, registerId } = await enrolmentCode(server);
  await enrol(page, server.baseUrl, code);
  await signIn(page);
  await catalogueLoaded(page);
  return { context, page, registerId, sent };
}

/** What has focus: its test id, field name or text, and whether it sits in the given dialog. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { testId: el?.getAttribute('data-testid') ?? null, name: el?.getAttribute('name') ?? null, text: el?.textContent?.trim() ?? '', result: el?.classList.contains('result') ?? false, payPanel: el?.closest('.pay-card') !== null };
  });

/** F2, type the search, ↓ to its one result, Enter adds it. */
async function searchAndPick(page: Page, text: string): Promise<void> {
  await page.keyboard.press('F2');
  await expect.poll(async () => (await focused(page)).name).toBe('search');
  // Whatever an earlier search left in the field goes first (select all, then type over it).
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  const results = page.getByTestId('results');
  await expect.poll(async () => [await results.getAttribute('data-query'), await results.getAttribute('data-count')], { timeout: 20_000 }).toEqual([`q:${text}`, '1']);
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await focused(page)).result).toBe(true);
  await page.keyboard.press('Enter');
}

/** A discount dialog opened by its shortcut: Tab to the `percent` preset, Enter. */
async function discountByKeyboard(page: Page, shortcut: 'F4' | 'Shift+F4', percent: 5 | 10): Promise<void> {
  await page.keyboard.press(shortcut);
  const dialog = page.getByRole('dialog', { name: shortcut === 'F4' ? 'Korting op de bon' : /^Regelkorting: / });
  await dialog.waitFor();
  for (let presses = 0; presses < (percent === 5 ? 1 : 2); presses++) await page.keyboard.press('Tab');
  await expect.poll(async () => (await focused(page)).text).toBe(`${percent} %`);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
}

const lineTexts = (page: Page) => page.getByTestId('line').allTextContents();
const parkedButton = (page: Page) => page.getByTestId('parked').textContent();
const totalCents = async (page: Page) => Number(((await page.getByTestId('total').locator('output').textContent()) ?? '').replace(/\D/g, ''));

/** The cart on screen and the parked list as the test left them: the resumed mugs, the coffee parked. */
async function expectCartAndParked(page: Page, total: number): Promise<void> {
  await expect.poll(() => lineTexts(page), { timeout: 20_000 }).toEqual([expect.stringMatching(/^3×Mok Strand 350 ml Oker/)]);
  await expect.poll(() => totalCents(page)).toBe(total);
  await expect.poll(() => parkedButton(page)).toMatch(/\(1\)$/);
}

async function switchCashier(page: Page, name: string, pin: string): Promise<void> {
  await page.getByRole('button', { name: /^(Kassier|Cashier): / }).click();
  await page.getByRole('button', { name, exact: true }).waitFor();
  await signIn(page, name, pin);
  await expect.poll(() => page.getByRole('button', { name: /^(Kassier|Cashier): / }).textContent()).toMatch(new RegExp(`${name}$`));
}

describe('a sale by keyboard only', () => {
  it('searches, sets a quantity and discounts, parks two sales, resumes the first and pays it, all by keyboard; carts survive a cashier switch and a reload', async () => {
    const { context, page, registerId, sent } = await openRegister();
    // Discounts within the cashier's limit apply at once only once the register knows that limit (GET /auth/me).
    const session = await registerMeta<{ token: string }>(page, 'session');
    await expect.poll(() => registerMeta(page, `grants:${session!.token.slice(-16)}`), { timeout: 30_000 }).toBeDefined();

    // The first sale: F2 search, ↓ Enter picks the mug; * types its quantity.
    await searchAndPick(page, MUG_SEARCH);
    await expect.poll(() => lineTexts(page)).toEqual([expect.stringMatching(/^1×Mok Strand 350 ml Oker/)]);
    await page.keyboard.press('*');
    const quantity = page.getByTestId('quantity-dialog');
    await quantity.waitFor();
    await expect.poll(async () => (await focused(page)).name).toBe('quantity');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await quantity.waitFor({ state: 'detached' });
    await expect.poll(() => lineTexts(page)).toEqual([expect.stringMatching(/^3×Mok Strand 350 ml Oker/)]);
    expect(await totalCents(page)).toBe(3885);

    // Shift+F4: 10 % off the line (the cashier's limit), F4: 5 % off the order. No manager asked.
    await discountByKeyboard(page, 'Shift+F4', 10);
    await expect.poll(() => totalCents(page)).toBeLessThan(3885);
    await discountByKeyboard(page, 'F4', 5);
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('Korting');
    expect(await page.getByTestId('approval-dialog').count()).toBe(0);
    const firstTotal = await totalCents(page);
    // 3 × 12,95 = 38,85; 10 % off the line, then 5 % off the order: about 33,22.
    expect(firstTotal).toBeGreaterThan(3300);
    expect(firstTotal).toBeLessThan(3330);

    // F6 parks it: the screen is empty, one sale waits.
    await page.keyboard.press('F6');
    await expect.poll(() => page.getByTestId('line').count()).toBe(0);
    await expect.poll(() => parkedButton(page)).toMatch(/\(1\)$/);

    // The second sale; Shift+F6 with lines on screen says resuming would park them; Esc, then F6 parks it.
    await searchAndPick(page, COFFEE_SEARCH);
    await expect.poll(() => lineTexts(page)).toEqual([expect.stringMatching(/^1×Koffiebonen Colombia Huila/)]);
    await page.keyboard.press('Shift+F6');
    const parked = page.getByTestId('parked-dialog');
    await parked.waitFor();
    await expect.poll(() => parked.getByTestId('parks-current').count()).toBe(1);
    await page.keyboard.press('Escape');
    await parked.waitFor({ state: 'detached' });
    await page.keyboard.press('F6');
    await expect.poll(() => page.getByTestId('line').count()).toBe(0);
    await expect.poll(() => parkedButton(page)).toMatch(/\(2\)$/);

    // Shift+F6: the oldest parked sale's Resume has focus; Enter resumes the mugs, discounts and all.
    await page.keyboard.press('Shift+F6');
    await parked.waitFor();
    await expect.poll(() => parked.getByTestId('parked-sale').count()).toBe(2);
    expect(await parked.getByTestId('parks-current').count()).toBe(0);
    expect(await parked.getByTestId('parked-sale').first().textContent()).toContain('Mok Strand 350 ml Oker');
    await expect.poll(() => focused(page)).toMatchObject({ text: 'Hervatten' });
    expect(await parked.getByTestId('parked-sale').first().getByRole('button').evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await parked.waitFor({ state: 'detached' });
    await expectCartAndParked(page, firstTotal);

    // Another cashier signs in and out again, then the page reloads: the cart and the parked sale stay.
    await switchCashier(page, 'Daan Kassa', '4444');
    await expectCartAndParked(page, firstTotal);
    await switchCashier(page, 'Sanne Kassa', '3333');
    await expectCartAndParked(page, firstTotal);
    await page.reload();
    await page.getByTestId('total').waitFor({ timeout: 30_000 });
    await expectCartAndParked(page, firstTotal);

    // F12 pays: focus is in the payment panel; Tab to the cash field, type what the customer hands over, Enter.
    await page.keyboard.press('F12');
    await expect.poll(async () => (await focused(page)).payPanel).toBe(true);
    for (let presses = 0; presses < 30 && (await focused(page)).name !== 'cash-tendered'; presses++) await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('cash-tendered');
    await page.keyboard.type('50');
    await page.getByTestId('cash-change').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 30_000 }).toContain('Verstuurd');

    // The server has the sale once, with the quantity and both discounts; the coffee still waits parked.
    const sales = await serverSales(server, registerId);
    expect(sales).toHaveLength(1);
    const stored = await ownerCall<StoredSale>(server, 'GET', `/api/v1/sales/${sales[0]!.id}`);
    expect(stored.lines).toEqual([expect.objectContaining({ description: 'Mok Strand 350 ml Oker', quantityMilli: 3000 })]);
    expect(stored.total).toBe(firstTotal);
    expect(stored.discountTotal).not.toBe(0);
    const doc = sent.find((s) => s.id === stored.id)!;
    expect(doc.lines).toEqual([expect.objectContaining({ quantity: 3, lineDiscount: { kind: 'percent', bp: 1000 } })]);
    expect(doc.orderDiscount).toEqual({ kind: 'percent', bp: 500 });
    await page.getByTestId('new-sale').click();
    await expect.poll(() => parkedButton(page)).toMatch(/\(1\)$/);
    expect(await page.getByTestId('line').count()).toBe(0);
    await closeRegister(server, context, page);
  });
});
