import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ownerCall, serverSales, type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { addByCode, closeRegister, openSignedInRegister } from './support/register-page.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';

// Typed cash (change and part payments), part cash + card through the terminal simulator, typed
// weights and typed quantities, in Chromium against `kassa start --demo`: every sale goes through
// the server, which recomputes it with the same domain code and refuses any difference (422).
const MUG = '8719876000015'; // Mok Strand 350 ml Oker, € 12,95 (21 %)
const CHOCOLATE = '8719876001104'; // Melkchocolade Zeezout 180 g, € 4,49 (9 %)
const COFFEE = '8719876000848'; // Koffiebonen Colombia Huila 250 g, € 8,95 (9 %)

interface RecordedSale {
  id: string;
  total: number;
  rounding: number;
  change: number;
  lines: Array<{ description: string; quantityMilli: number; weighed: boolean; unitPrice: number; total: number }>;
  tenders: Array<{ type: string; amount: number; tendered: number | null; change: number; reference: string | null; name: string | null }>;
}

let server: KassaServer;
let browser: Browser;

withServerAndBrowser((started) => ({ server, browser } = started), { terminal: {} });

const openRegister = () => openSignedInRegister(browser, server);

const cashField = (page: Page) => page.getByRole('textbox', { name: 'Ontvangen contant' });

/** The receipt is on screen and the sale has reached the server. */
async function sentToServer(page: Page): Promise<void> {
  await page.getByTestId('receipt').waitFor();
  await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toContain('Verstuurd');
}

/** The register's newest sale on the server, after checking it is the only new one. */
async function newestSale(registerId: string, before: number): Promise<RecordedSale> {
  const sales = await serverSales(server, registerId);
  expect(sales).toHaveLength(before + 1);
  const newest = sales.sort((a, b) => b.receiptNumber - a.receiptNumber)[0]!;
  return ownerCall<RecordedSale>(server, 'GET', `/api/v1/sales/${newest.id}`);
}

describe('typed tenders and typed quantities at the register', () => {
  it('takes €30 typed in cash for €17,44: cash rounded to €17,45, change €12,55; the server has the sale once', async () => {
    const { context, page, registerId } = await openRegister();
    const before = (await serverSales(server, registerId)).length;
    await addByCode(page, MUG);
    await addByCode(page, CHOCOLATE);
    await page.getByTestId('pay').click();
    expect(await page.getByTestId('amount-due').textContent()).toContain('17,44');
    expect(await page.getByTestId('cash-due').textContent()).toContain('17,45');

    // Cash goes in 5-cent steps: an amount off the step is refused with the step named, and nothing is paid.
    await cashField(page).fill('30,03');
    await expect.poll(() => page.getByTestId('cash-problem').textContent()).toMatch(/per €\s0,05/);
    await cashField(page).press('Enter');
    expect(await page.getByTestId('tender').count()).toBe(0);

    await cashField(page).fill('30');
    await expect.poll(() => page.getByTestId('cash-change').textContent()).toMatch(/Wisselgeld\s*€\s12,55/);
    expect(await page.getByTestId('cash-problem').count()).toBe(0);
    await cashField(page).press('Enter');
    await sentToServer(page);
    expect(await page.getByTestId('change').textContent()).toMatch(/€\s12,55/);

    const sale = await newestSale(registerId, before);
    expect([sale.total, sale.rounding, sale.change]).toEqual([1744, 1, 1255]);
    expect(sale.tenders).toEqual([expect.objectContaining({ type: 'cash', tendered: 3000, change: 1255, amount: 1745 })]);
    await closeRegister(server, context, page);
  });

  it('takes €10 in cash and the rest on the card terminal; the server has both tenders', async () => {
    const { context, page, registerId } = await openRegister();
    const before = (await serverSales(server, registerId)).length;
    for (const code of [MUG, CHOCOLATE, COFFEE]) await addByCode(page, code);
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('26,39');
    await page.getByTestId('pay').click();

    await cashField(page).fill('10');
    await expect.poll(() => page.getByTestId('cash-partial').textContent()).toMatch(/nog €\s16,39/);
    await page.getByTestId('cash-confirm').click();
    await expect.poll(() => page.getByTestId('tender').count()).toBe(1);
    await expect.poll(() => page.getByTestId('remaining').textContent()).toContain('16,39');
    // The card amount follows the rest: exactly what is left, not rounded.
    const cardAmount = page.getByRole('textbox', { name: 'Bedrag op de pas' });
    // The terminal is read at sign-in: on a busy machine its section may come a moment later.
    await cardAmount.waitFor({ timeout: 20_000 });
    await expect.poll(() => cardAmount.inputValue()).toBe('16,39');
    await page.getByTestId('card-pay').click();
    await sentToServer(page);

    const sale = await newestSale(registerId, before);
    expect([sale.total, sale.rounding, sale.change]).toEqual([2639, 0, 0]);
    const attempts = (await ownerCall<{ items: Array<{ id: string; amount: number; state: string }> }>(server, 'GET', `/api/v1/payments?saleId=${sale.id}`)).items;
    expect(attempts.map((a) => [a.amount, a.state])).toEqual([[1639, 'approved']]);
    expect(sale.tenders).toEqual([
      expect.objectContaining({ type: 'cash', tendered: 1000, amount: 1000, change: 0 }),
      expect.objectContaining({ type: 'card', amount: 1639, reference: attempts[0]!.id }),
    ]);
    await closeRegister(server, context, page);
  });

  it("puts a typed €10 of the store's own tender against €12,95, never more than the rest, and cash for the rest", async () => {
    const stores = await ownerCall<{ items: Array<{ id: string }> }>(server, 'GET', '/api/v1/stores');
    await ownerCall(server, 'POST', `/api/v1/stores/${stores.items[0]!.id}/tenders`, { id: randomUUID(), name: 'Cadeaubon' });
    // Signing in fetches the store's tenders.
    const { context, page, registerId } = await openRegister();
    const before = (await serverSales(server, registerId)).length;
    await addByCode(page, MUG);
    await page.getByTestId('pay').click();
    const amount = page.getByRole('textbox', { name: 'Bedrag ander betaalmiddel' });
    // The store's tenders are fetched at sign-in: on a busy machine the field may come a moment later.
    await amount.waitFor({ timeout: 20_000 });
    await expect.poll(() => amount.inputValue()).toBe('12,95');
    await amount.fill('13');
    await expect.poll(() => page.getByTestId('other-problem').textContent()).toMatch(/Hoogstens €\s12,95/);
    await amount.press('Enter');
    expect(await page.getByTestId('tender').count()).toBe(0);

    await amount.fill('10');
    await expect.poll(() => page.getByTestId('other-partial').textContent()).toMatch(/nog €\s2,95/);
    await page.getByTestId('custom-tenders').getByRole('button', { name: /Cadeaubon/ }).click();
    await expect.poll(() => page.getByTestId('remaining').textContent()).toContain('2,95');
    await page.getByTestId('quick-cash').getByRole('button').first().click();
    await sentToServer(page);

    const sale = await newestSale(registerId, before);
    expect([sale.total, sale.rounding, sale.change]).toEqual([1295, 0, 0]);
    expect(sale.tenders).toEqual([
      expect.objectContaining({ type: 'custom', amount: 1000, name: 'Cadeaubon' }),
      expect.objectContaining({ type: 'cash', tendered: 295, amount: 295 }),
    ]);
    await closeRegister(server, context, page);
  });

  it('asks the weight of a weighed item picked from the search: 0,437 kg of €19,95/kg is €8,72, and the server agrees', async () => {
    const { context, page, registerId } = await openRegister();
    const before = (await serverSales(server, registerId)).length;
    await page.getByRole('searchbox').fill('drop los');
    const drop = page.getByTestId('results').locator('.result').filter({ has: page.locator('.result-name', { hasText: /^Drop \(los\)$/ }) });
    await drop.click();
    const dialog = page.getByTestId('quantity-dialog');
    await dialog.waitFor();
    // Nothing is in the cart until the weight is typed: never "1 kg" by default.
    expect(await page.getByTestId('line').count()).toBe(0);
    const weight = dialog.getByRole('textbox', { name: 'Gewicht in kg' });
    await weight.fill('0,4375');
    await expect.poll(() => dialog.getByTestId('quantity-problem').textContent()).toContain('3 decimalen');
    await weight.press('Enter');
    expect(await page.getByTestId('line').count()).toBe(0);
    await weight.fill('0,437');
    await weight.press('Enter');
    await expect.poll(() => page.getByTestId('line').count()).toBe(1);
    expect(await page.getByTestId('quantity-dialog').count()).toBe(0);
    const line = (await page.getByTestId('line').textContent()) ?? '';
    expect(line).toMatch(/0,437 kg/);
    expect(line).toMatch(/€\s8,72/);

    await page.getByTestId('pay').click();
    expect(await page.getByTestId('cash-due').textContent()).toContain('8,70');
    await page.getByTestId('quick-cash').getByRole('button').first().click();
    await sentToServer(page);

    const sale = await newestSale(registerId, before);
    expect([sale.total, sale.rounding]).toEqual([872, -2]);
    expect(sale.lines).toEqual([expect.objectContaining({ description: 'Drop (los)', quantityMilli: 437, weighed: true, unitPrice: 1995, total: 872 })]);
    await closeRegister(server, context, page);
  });

  it('types a quantity for a piece line, by tapping the number and with the * key; whole pieces only', async () => {
    const { context, page, registerId } = await openRegister();
    const before = (await serverSales(server, registerId)).length;
    await addByCode(page, MUG);
    await page.getByTestId('line-quantity').click();
    const dialog = page.getByTestId('quantity-dialog');
    const pieces = dialog.getByRole('textbox', { name: 'Aantal stuks' });
    await pieces.fill('2,5');
    await expect.poll(() => dialog.getByTestId('quantity-problem').textContent()).toContain('heel aantal');
    await pieces.fill('3');
    await pieces.press('Enter');
    await expect.poll(() => page.getByTestId('line').textContent()).toMatch(/3×/);
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('38,85');

    // The keyboard way: focus is back on the quantity, `*` opens the typed quantity again.
    await page.keyboard.press('*');
    await dialog.waitFor();
    await pieces.fill('4');
    await pieces.press('Enter');
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('51,80');

    await page.getByTestId('pay').click();
    await cashField(page).fill('60');
    await expect.poll(() => page.getByTestId('cash-change').textContent()).toMatch(/€\s8,20/);
    await cashField(page).press('Enter');
    await sentToServer(page);

    const sale = await newestSale(registerId, before);
    expect([sale.total, sale.change]).toEqual([5180, 820]);
    expect(sale.lines).toEqual([expect.objectContaining({ quantityMilli: 4000, weighed: false, unitPrice: 1295, total: 5180 })]);
    await closeRegister(server, context, page);
  });
});
