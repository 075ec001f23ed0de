import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolmentCode, ownerCall, serverSales, type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import { approveAsManager, enrol, openMenu, pendingCount, returnReceipt, signIn } from './support/register-page.ts';
import { closeRegister as closeTab } from './support/register-page.ts';

// Shifts (float, pay-out, blind close, Z), returns against a receipt and the time clock, in Chromium against `kassa start --demo`.
const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const MUG = '8719876000015'; // Mok Strand 350 ml Oker, € 12,95 (21 %)
const CHOCOLATE = '8719876001104'; // Melkchocolade Zeezout 180 g, € 4,49 (9 %)

let server: KassaServer;
let browser: Browser;

withServerAndBrowser((started) => ({ server, browser } = started), { artifacts: ARTIFACTS });
// A test that fails half-way still gives the register back, so the next one is not read-only.
const open = new Set<{ context: BrowserContext; page: Page }>();
afterEach(async () => {
  for (const register of open) await closeRegister(register.context, register.page).catch(() => undefined);
});

async function openRegister(): Promise<{ context: BrowserContext; page: Page; registerId: string; storeId: string }> {
  const context = await browser.newContext({ viewport: { width: 820, height: 1180 }, locale: 'nl-NL' });
  const page = await context.newPage();
  const { code, registerId, storeId } = await enrolmentCode(server);
  await enrol(page, server.baseUrl, code);
  await signIn(page);
  open.add({ context, page });
  return { context, page, registerId, storeId };
}

async function closeRegister(context: BrowserContext, page: Page): Promise<void> {
  for (const register of open) if (register.page === page) open.delete(register);
  await closeTab(server, context, page);
}

/** Types a count into the denomination field of one note or coin ("€ 20,00" in nl-NL, with its non-breaking space). */
async function count(page: Page, container: string, euros: string, n: number): Promise<void> {
  await page.getByTestId(container).getByRole('textbox', { name: new RegExp(`^Aantal van €\\s${euros}$`) }).fill(String(n));
}

/**
 * Adds an item by typing its barcode in the sale's search field (Enter looks it up). Scanning itself
 * is proven in register.e2e.test.ts; typing keeps these tests independent of key timing on a busy machine.
 */
async function addItem(page: Page, code: string, lines: number): Promise<void> {
  const field = page.getByRole('search').locator('input').first();
  await field.fill(code);
  await field.press('Enter');
  await expect.poll(() => page.getByTestId('line').count()).toBe(lines);
}

async function sellCash(page: Page, code: string, noteIndex: number): Promise<void> {
  await addItem(page, code, 1);
  await page.getByTestId('pay').click();
  await page.getByTestId('quick-cash').getByRole('button').nth(noteIndex).click();
  await page.getByTestId('receipt').waitFor();
  await page.getByTestId('new-sale').click();
}

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s/g, ' ');

describe('shifts, returns and the time clock on the register', () => {
  it('opens a shift with a counted float, sells, pays out, refuses to close while offline sales wait, and closes blind with the right Z', async () => {
    const { context, page, registerId, storeId } = await openRegister();
    // The store takes "Op rekening" and counts it at close.
    await ownerCall(server, 'POST', `/api/v1/stores/${storeId}/tenders`, { id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c98', name: 'Op rekening', countedAtClose: true });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await openMenu(page, /Dienst en kassalade/);
    await count(page, 'float-count', '20,00', 1);
    await count(page, 'float-count', '10,00', 2);
    await count(page, 'float-count', '2,00', 5);
    expect(await text(page, 'float-count-total')).toContain('50,00');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tablet-shift-open.png') });
    await page.getByTestId('open-shift').click();
    await expect.poll(() => text(page, 'shift-state')).toContain('50,00');
    await page.getByRole('button', { name: 'Sluiten', exact: true }).click();
    await expect.poll(() => text(page, 'shift-pill')).toContain('Dienst sinds');

    // A cash sale: € 12,95 paid with a € 20 note.
    await sellCash(page, MUG, 1);
    await expect.poll(() => pendingCount(page), { timeout: 15_000 }).toBe(0);
    const shift = await ownerCall<{ id: string; openingFloat: number }>(server, 'GET', `/api/v1/registers/${registerId}/shifts/current`);
    expect(shift.openingFloat).toBe(5000);
    const sales = await ownerCall<{ items: Array<{ shiftId?: string | null }> }>(server, 'GET', `/api/v1/sales?registerId=${registerId}&limit=10`);
    expect(sales.items.map((s) => s.shiftId)).toEqual([shift.id]);

    // A cashier's pay-out needs a manager's approval: cancelled, nothing is recorded.
    await openMenu(page, /Dienst en kassalade/);
    await page.getByRole('button', { name: 'Uitbetaling uit kas' }).click();
    await page.getByLabel('Bedrag').fill('5,00');
    await page.getByLabel('Reden').fill('Koffie en melk');
    await page.getByRole('button', { name: 'Vastleggen' }).click();
    await page.getByRole('dialog', { name: 'Een manager moet goedkeuren' }).getByRole('button', { name: 'Annuleren' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Een manager moet goedkeuren' }).count()).toBe(0);
    const before = await ownerCall<{ figures: { payOuts: { count: number } } }>(server, 'GET', `/api/v1/shifts/${shift.id}/x-report`);
    expect(before.figures.payOuts.count).toBe(0);
    await page.getByRole('button', { name: 'Sluiten', exact: true }).click();

    // Again, and the manager approves on the same screen with their PIN: the cashier's pay-out of € 5 is recorded.
    await openMenu(page, /Dienst en kassalade/);
    await page.getByRole('button', { name: 'Uitbetaling uit kas' }).click();
    await page.getByLabel('Bedrag').fill('5,00');
    await page.getByLabel('Reden').fill('Koffie en melk');
    await page.getByRole('button', { name: 'Vastleggen' }).click();
    await approveAsManager(page);
    await expect.poll(() => text(page, 'shift-message')).toContain('5,00 vastgelegd');
    const after = await ownerCall<{ figures: { payOuts: { count: number } } }>(server, 'GET', `/api/v1/shifts/${shift.id}/x-report`);
    expect(after.figures.payOuts.count).toBe(1);
    await page.getByRole('button', { name: 'Sluiten', exact: true }).click();

    // The manager signs in on the register (the shift stays) and opens the drawer without a sale.
    await page.getByRole('button', { name: 'Kassier: Sanne Kassa' }).click();
    await signIn(page, 'Mark Manager', '2222');
    await openMenu(page, /Dienst en kassalade/);
    await page.getByRole('button', { name: 'Lade openen (geen verkoop)' }).click();
    await expect.poll(() => text(page, 'shift-message')).toContain('Lade geopend zonder verkoop');

    // The X report any time: 50,00 + 12,95 − 5,00 expected in cash.
    await page.getByRole('button', { name: 'X-rapport' }).click();
    await expect.poll(() => text(page, 'x-expected-cash')).toContain('57,95');
    await page.getByRole('button', { name: 'Terug' }).click();
    await page.getByRole('button', { name: 'Sluiten', exact: true }).click();

    // Offline: selling goes on, drawer commands need the server, and the close waits for the sale.
    await context.setOffline(true);
    await sellCash(page, CHOCOLATE, 0); // € 4,49 → € 4,50 in cash
    await expect.poll(() => pendingCount(page)).toBe(1);
    await openMenu(page, /Dienst en kassalade/);
    await page.getByRole('button', { name: 'X-rapport' }).click();
    await expect.poll(() => text(page, 'shift-message')).toContain('Hiervoor is de server nodig');
    await page.getByRole('button', { name: 'Dienst afsluiten' }).click();
    await page.getByTestId('close-shift').click();
    await page.getByTestId('confirm-close').click();
    await expect.poll(() => text(page, 'shift-message')).toContain('Er wachten nog 1');
    expect((await ownerCall<{ items: unknown[] }>(server, 'GET', `/api/v1/registers/${registerId}/z-reports`)).items).toHaveLength(0);
    await context.setOffline(false);
    await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);

    // Blind count: the expected 62,45 is nowhere on the screen while counting.
    await count(page, 'close-count', '50,00', 1);
    await count(page, 'close-count', '10,00', 1);
    await count(page, 'close-count', '2,00', 1);
    await count(page, 'close-count', '0,20', 2);
    expect(await text(page, 'close-count-total')).toContain('62,40');
    await page.getByLabel('Op rekening').fill('10,00');
    expect(await page.getByTestId('shift-screen').textContent()).not.toContain('62,45');
    await page.getByTestId('close-shift').click();
    await page.getByTestId('confirm-close').click();
    await page.getByTestId('z-report').waitFor();
    const cashRow = page.getByTestId('z-row-cash');
    expect((await cashRow.getByTestId('z-expected').textContent())?.replace(/\s/g, ' ')).toContain('62,45');
    expect((await cashRow.getByTestId('z-counted').textContent())?.replace(/\s/g, ' ')).toContain('62,40');
    expect((await cashRow.getByTestId('z-difference').textContent())?.replace(/\s/g, ' ')).toMatch(/−\s?€\s0,05.*tekort|€\s-0,05.*tekort|-€\s?0,05.*tekort/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tablet-z-report.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-z-report.png') });
    await page.setViewportSize({ width: 820, height: 1180 });

    const z = await ownerCall<{ items: Array<{ zNumber: number; shiftId: string; reconciliation: Array<{ key: string; expected: number; counted: number; difference: number }>; figures: { payOuts: { total: number }; sales: { count: number }; noSaleOpens: number } }> }>(server, 'GET', `/api/v1/registers/${registerId}/z-reports`);
    expect(z.items).toHaveLength(1);
    expect(z.items[0]).toMatchObject({ zNumber: 1, shiftId: shift.id, figures: { payOuts: { total: 500 }, sales: { count: 2 }, noSaleOpens: 1 } });
    expect(z.items[0]!.reconciliation.find((r) => r.key === 'cash')).toEqual({ key: 'cash', expected: 6245, counted: 6240, difference: -5 });
    expect(z.items[0]!.reconciliation.find((r) => r.key === 'custom:Op rekening')).toEqual({ key: 'custom:Op rekening', expected: 0, counted: 1000, difference: 1000 });
    await page.getByTestId('z-done').click();
    await expect.poll(() => text(page, 'shift-pill')).toContain('Geen dienst geopend');
    await closeRegister(context, page);
  });

  it('returns one of two lines against the receipt with a cash refund, and refuses to return more than was sold', async () => {
    const { context, page, registerId, storeId } = await openRegister();
    await addItem(page, MUG, 1);
    await addItem(page, CHOCOLATE, 2);
    await page.getByTestId('pay').click();
    await page.getByTestId('quick-cash').getByRole('button').nth(0).click();
    await page.getByTestId('receipt').waitFor();
    await page.getByTestId('new-sale').click();
    await expect.poll(() => pendingCount(page), { timeout: 15_000 }).toBe(0);
    const sale = (await serverSales(server, registerId)).sort((a, b) => b.receiptNumber - a.receiptNumber)[0]!;

    // Offline the receipt cannot be looked up: only the server knows what was returned elsewhere.
    await openMenu(page, /Retour of ruilen/);
    await context.setOffline(true);
    await page.getByLabel('Boncode of bonnummer').fill(String(sale.receiptNumber));
    await page.getByLabel('Boncode of bonnummer').press('Enter');
    await expect.poll(() => text(page, 'returns-message')).toContain('Hiervoor is de server nodig');
    expect(await page.getByTestId('return-line').count()).toBe(0);
    await context.setOffline(false);

    // The receipt's barcode carries the sale id without dashes; a wedge scanner types it into the focused field.
    await page.getByLabel('Boncode of bonnummer').fill(sale.id.replace(/-/g, ''));
    await page.getByLabel('Boncode of bonnummer').press('Enter');
    await expect.poll(() => page.getByTestId('return-line').count()).toBe(2);
    const mugLine = page.getByTestId('return-line').filter({ hasText: 'Mok' });
    expect(await mugLine.getByTestId('returnable').textContent()).toContain('Nog 1');
    await mugLine.getByRole('button', { name: /meer$/ }).click();
    expect(await mugLine.getByRole('button', { name: /meer$/ }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tablet-return.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-return.png') });
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByTestId('confirm-return').click();
    await page.getByTestId('confirm-return-yes').click();
    // A cashier's return needs a manager: a wrong PIN approves nothing, the right one does.
    await approveAsManager(page, '9999');
    await page.getByRole('dialog', { name: 'Een manager moet goedkeuren' }).getByRole('alert').waitFor();
    expect(await page.getByTestId('return-receipt').count()).toBe(0);
    await page.getByLabel('PIN van de manager').fill('2222');
    await page.getByRole('button', { name: 'Goedkeuren' }).click();
    await returnReceipt(page);
    expect(await text(page, 'refund')).toContain('12,95');
    await expect.poll(() => text(page, 'return-sync-state'), { timeout: 15_000 }).toContain('Verstuurd');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tablet-return-receipt.png') });

    const returns = await ownerCall<{ items: Array<{ kind: string; receiptNumber: number; total: number; originalSaleId: string; tenders: Array<{ type: string; amount: number }> }> }>(server, 'GET', `/api/v1/sales?registerId=${registerId}&kind=return&limit=10`);
    expect(returns.items).toHaveLength(1);
    expect(returns.items[0]).toMatchObject({ kind: 'return', receiptNumber: 1, total: -1295, originalSaleId: sale.id });
    expect(returns.items[0]!.tenders[0]).toMatchObject({ type: 'cash', amount: -1295 });

    // A second attempt, by receipt number: the mug is gone, the chocolate is still returnable.
    await page.getByRole('button', { name: 'Nieuwe retour' }).click();
    await page.getByLabel('Boncode of bonnummer').fill(String(sale.receiptNumber));
    await page.getByRole('button', { name: 'Bon zoeken' }).click();
    await expect.poll(() => page.getByTestId('return-line').count()).toBe(2);
    expect(await mugLine.getByTestId('returnable').textContent()).toContain('Alles is al teruggenomen');
    expect(await mugLine.getByRole('button', { name: /meer$/ }).isDisabled()).toBe(true);
    const chocolateLine = page.getByTestId('return-line').filter({ hasText: 'chocolade' });
    expect(await chocolateLine.getByTestId('returnable').textContent()).toContain('Nog 1');

    // The server refuses the over-return whoever sends it.
    const mugOriginal = (await ownerCall<{ lines: Array<{ id: string; variantId: string; returnedQuantityMilli: number; description: string }> }>(server, 'GET', `/api/v1/sales/lookup?code=${sale.id}`)).lines.find((l) => l.description.startsWith('Mok'))!;
    expect(mugOriginal.returnedQuantityMilli).toBe(1000);
    const again = await fetch(`${server.baseUrl}/api/v1/sales`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c99', kind: 'return', storeId, registerId, receiptNumber: 2, currency: 'EUR', deviceTime: new Date().toISOString(), originalSaleId: sale.id,
        lines: [{ id: 'again', variantId: mugOriginal.variantId, description: mugOriginal.description, quantity: -1, unitPrice: 1295, taxes: [{ code: 'NL-21', rateBp: 2100 }], returnOf: { saleId: sale.id, lineId: mugOriginal.id } }],
        tenders: [{ type: 'cash', tendered: -1295 }], totals: { total: -1295, taxTotal: -225, rounding: 0, change: 0 },
      }),
    });
    expect(again.status).toBe(422);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('SALES_RETURN_EXCEEDS_SOLD');
    await page.getByRole('button', { name: 'Sluiten', exact: true }).click();
    await closeRegister(context, page);
  });

  it('exchanges an item against the receipt (the customer pays the difference) and returns without a receipt with a reason', async () => {
    const { context, page, registerId } = await openRegister();
    await sellCash(page, CHOCOLATE, 0);
    await expect.poll(() => pendingCount(page), { timeout: 15_000 }).toBe(0);
    const sale = (await serverSales(server, registerId)).sort((a, b) => b.receiptNumber - a.receiptNumber)[0]!;

    // Chocolate (4,49) back, a mug (12,95) instead: 8,46 to pay, 8,45 in cash.
    await openMenu(page, /Retour of ruilen/);
    await page.getByLabel('Boncode of bonnummer').fill(String(sale.receiptNumber));
    await page.getByLabel('Boncode of bonnummer').press('Enter');
    await expect.poll(() => page.getByTestId('return-line').count()).toBe(1);
    await page.getByTestId('return-line').getByRole('button', { name: /meer$/ }).click();
    await page.getByText('Ruilen: de klant neemt andere artikelen').click();
    await page.getByLabel('Zoek het artikel dat de klant meeneemt').fill('mok strand oker');
    await page.getByRole('button', { name: /^Mok Strand 350 ml Oker toevoegen$/ }).click();
    await expect.poll(() => page.getByTestId('exchange-line').count()).toBe(1);
    expect(await text(page, 'confirm-return')).toContain('Klant betaalt € 8,45');
    await page.getByTestId('confirm-return').click();
    await page.getByTestId('confirm-return-yes').click();
    await approveAsManager(page);
    await returnReceipt(page);
    expect(await text(page, 'refund')).toContain('Bijbetaald');
    await expect.poll(() => text(page, 'return-sync-state'), { timeout: 15_000 }).toContain('Verstuurd');
    const exchanges = await ownerCall<{ items: Array<{ kind: string; receiptNumber: number; total: number; originalSaleId: string }> }>(server, 'GET', `/api/v1/sales?registerId=${registerId}&kind=exchange&limit=10`);
    expect(exchanges.items).toEqual([expect.objectContaining({ kind: 'exchange', receiptNumber: 1, total: 846, originalSaleId: sale.id })]);

    // Without a receipt: a reason is part of the document; the manager approves.
    const returnsBefore = (await ownerCall<{ items: unknown[] }>(server, 'GET', `/api/v1/sales?registerId=${registerId}&kind=return&limit=200`)).items.length;
    await page.getByRole('button', { name: 'Nieuwe retour' }).click();
    await page.getByRole('button', { name: 'Zonder bon' }).click();
    await page.getByLabel('Reden').selectOption('defect');
    await page.getByLabel('Zoek het artikel').fill('mok strand oker');
    await page.getByRole('button', { name: /^Mok Strand 350 ml Oker toevoegen$/ }).click();
    await page.getByTestId('confirm-return').click();
    await page.getByTestId('confirm-return-yes').click();
    await page.getByRole('dialog', { name: 'Een manager moet goedkeuren' }).getByText('een retour zonder bon').waitFor();
    await approveAsManager(page);
    await returnReceipt(page);
    await expect.poll(() => text(page, 'return-sync-state'), { timeout: 15_000 }).toContain('Verstuurd');
    const returns = await ownerCall<{ items: Array<{ receiptNumber: number; total: number; originalSaleId: string | null; reasonCode: string | null }> }>(server, 'GET', `/api/v1/sales?registerId=${registerId}&kind=return&limit=10`);
    expect(returns.items.find((r) => r.originalSaleId === null)).toMatchObject({ total: -1295, reasonCode: 'defect', receiptNumber: returnsBefore + 1 });
    await page.getByRole('button', { name: 'Klaar' }).click();
    await closeRegister(context, page);
  });

  it('clocks the signed-in cashier in and out, offline too, and the punches reach the server once through the outbox', async () => {
    const { context, page, storeId } = await openRegister();
    // Keyboard: F9 opens the menu.
    await page.keyboard.press('F9');
    await page.getByTestId('register-menu').getByRole('button', { name: /In- \/ uitklokken/ }).click();
    expect(await text(page, 'clock-state')).toContain('Vandaag nog niet geklokt');
    // Nothing known yet: the day starts with clocking in.
    expect(await page.getByRole('button', { name: 'Uitklokken' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Inklokken' }).click();
    await expect.poll(() => text(page, 'clock-message')).toContain('Ingeklokt om');
    expect(await page.getByRole('button', { name: 'Inklokken' }).isDisabled()).toBe(true);
    // The network goes: a break still starts and ends, and the cashier clocks out.
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Pauze beginnen' }).click();
    await page.getByRole('button', { name: 'Pauze beëindigen' }).click();
    await page.getByRole('button', { name: 'Uitklokken' }).click();
    await expect.poll(() => text(page, 'clock-message')).toContain('Uitgeklokt om');
    await expect.poll(() => pendingCount(page)).toBeGreaterThanOrEqual(3);
    await context.setOffline(false);
    await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);

    const staff = await ownerCall<{ items: Array<{ id: string; name: string }> }>(server, 'GET', `/api/v1/staff?q=Sanne`);
    const sanne = staff.items.find((s) => s.name === 'Sanne Kassa')!;
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const entries = await ownerCall<{ items: Array<{ staffId: string; type: string }> }>(server, 'GET', `/api/v1/timeclock/entries?storeId=${storeId}&staffId=${sanne.id}&from=${day(-1)}&to=${day(1)}`);
    expect(entries.items.map((e) => e.type)).toEqual(['clock_in', 'break_start', 'break_end', 'clock_out']);
    await page.getByRole('button', { name: 'Sluiten', exact: true }).click();
    await closeRegister(context, page);
  });
});
