import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ownerCall, serverSales, type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import { catalogueLoaded, closeRegister, openSignedInRegister, pendingCount, scan } from './support/register-page.ts';
import { printable, startCapturingPrinter } from './support/tcp-printer.ts';

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const MUG = '8719876000015'; // Mok Strand 350 ml Oker, € 12,95 (21 %)
const CHOCOLATE = '8719876001104'; // Melkchocolade Zeezout 180 g, € 4,49 (9 %)
const COFFEE = '8719876000848'; // Koffiebonen Colombia Huila 250 g, € 8,95 (9 %)
const SIZES = { phone: { width: 390, height: 844 }, tablet: { width: 820, height: 1180 }, desktop: { width: 1920, height: 1080 } };

let server: KassaServer;
let browser: Browser;

withServerAndBrowser((started) => ({ server, browser } = started), { artifacts: ARTIFACTS });
const openRegister = (viewport = SIZES.tablet) => openSignedInRegister(browser, server, viewport);

async function payCashWithNote(page: Page, noteIndex: number): Promise<void> {
  await page.getByTestId('pay').click();
  await page.getByTestId('quick-cash').getByRole('button').nth(noteIndex).click();
  await page.getByTestId('receipt').waitFor();
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

describe('the register in Chromium against a real server', () => {
  it('sells by keyboard-wedge scanning, pays cash with 5-cent rounding, and the server has the sale once with stock moved', async () => {
    const { context, page, registerId, storeId } = await openRegister(SIZES.tablet);
    // The register's network receipt printer: a real TCP listener that keeps what it is sent.
    const printer = await startCapturingPrinter();
    await ownerCall(server, 'POST', `/api/v1/registers/${registerId}/printers`, { id: crypto.randomUUID(), name: 'Bonprinter', host: '127.0.0.1', port: printer.port, width: 80 });
    const stockBefore = await ownerCall<{ items: Array<{ variantId: string; onHandMilli: number }> }>(server, 'GET', `/api/v1/stock/levels?storeId=${storeId}&limit=200`);
    const started = Date.now();
    for (const code of [MUG, CHOCOLATE, COFFEE]) await scan(page, code);
    await expect.poll(() => page.getByTestId('line').count()).toBe(3);
    const scanToLines = Date.now() - started;
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('26,39');
    await shot(page, 'tablet-sale');
    await page.getByTestId('pay').click();
    await expect.poll(() => page.getByTestId('cash-due').textContent()).toContain('26,40');
    await shot(page, 'tablet-pay');
    await page.getByTestId('quick-cash').getByRole('button').nth(1).click(); // € 50,00
    await page.getByTestId('receipt').waitFor();
    expect(await page.getByTestId('rounding-line').textContent()).toContain('0,01');
    expect(await page.getByTestId('change').textContent()).toContain('23,60');
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 15_000 }).toContain('Verstuurd');
    await shot(page, 'tablet-receipt');
    // Paid in cash: the drawer opens through the network printer once the sale is on the server (a pulse, nothing printed).
    await expect.poll(() => printer.jobs.length, { timeout: 20_000 }).toBe(1);
    expect(printer.jobs[0]!.includes(Buffer.from([0x1b, 0x70]))).toBe(true);
    expect(printable(printer.jobs[0]!)).not.toContain('Bon');
    // The browser's 80 mm print view, and the receipt printed once on the network printer through the server.
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'tablet-receipt-print');
    await page.emulateMedia({ media: 'screen' });
    await page.getByTestId('print-network').click();
    await expect.poll(() => page.getByTestId('print-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('printed');
    expect(printer.jobs).toHaveLength(2);
    writeFileSync(path.join(ARTIFACTS, 'tablet-receipt-escpos.txt'), printable(printer.jobs[1]!));
    expect(printable(printer.jobs[1]!).match(/\bBon +1\b/g)).toHaveLength(1);
    expect(printable(printer.jobs[1]!)).not.toContain('DUPLICAAT');
    // A second print is a counted reprint, marked as a copy (and the drawer stays shut).
    await page.getByTestId('print-network').click();
    await expect.poll(() => printer.jobs.length, { timeout: 20_000 }).toBe(3);
    expect(printable(printer.jobs[2]!)).toContain('DUPLICAAT 1');
    await printer.stop();

    const sales = await serverSales(server, registerId);
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({ receiptNumber: 1, total: 2639, rounding: 1 });
    const stockAfter = await ownerCall<{ items: Array<{ variantId: string; onHandMilli: number }> }>(server, 'GET', `/api/v1/stock/levels?storeId=${storeId}&limit=200`);
    const mugVariant = sales[0]!.lines[0]!.variantId!;
    const level = (list: typeof stockAfter) => list.items.find((l) => l.variantId === mugVariant)?.onHandMilli ?? 0;
    expect(level(stockAfter) - level(stockBefore)).toBe(-1000);
    console.log(`scan-to-lines for 3 scans (incl. Playwright round trips): ${scanToLines} ms`);

    // The same screens on a phone and a 24" screen, for people to look at.
    await page.getByTestId('new-sale').click();
    for (const [name, size] of [['phone', SIZES.phone], ['desktop', SIZES.desktop]] as const) {
      await page.setViewportSize(size);
      await scan(page, MUG);
      await scan(page, COFFEE);
      await expect.poll(() => page.getByTestId('line').count()).toBe(2);
      await shot(page, `${name}-sale`);
      await page.getByTestId('pay').click();
      await shot(page, `${name}-pay`);
      await page.getByTestId('quick-cash').getByRole('button').first().click();
      await page.getByTestId('receipt').waitFor();
      await shot(page, `${name}-receipt`);
      await page.getByTestId('new-sale').click();
    }
    await expect.poll(() => pendingCount(page), { timeout: 15_000 }).toBe(0);
    expect(await serverSales(server, registerId)).toHaveLength(3);
    await closeRegister(server, context, page);
  });

  it('sells with the network cut, survives a reload while offline, and delivers every sale exactly once when back', async () => {
    const { context, page, registerId } = await openRegister(SIZES.phone);
    const before = (await serverSales(server, registerId)).length;
    // A network printer for the register (the first test's, or one of its own when run alone).
    const printers = await ownerCall<{ items: unknown[] }>(server, 'GET', `/api/v1/registers/${registerId}/printers`);
    if (printers.items.length === 0) await ownerCall(server, 'POST', `/api/v1/registers/${registerId}/printers`, { id: crypto.randomUUID(), name: 'Bonprinter', host: '127.0.0.1', port: 9, width: 80 });
    // The service worker must own the shell before the network goes.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await catalogueLoaded(page);
    await context.setOffline(true);
    await scan(page, MUG);
    await payCashWithNote(page, 0);
    await page.getByTestId('new-sale').click();
    await scan(page, CHOCOLATE);
    await payCashWithNote(page, 0);
    await page.getByTestId('new-sale').click();
    await expect.poll(() => pendingCount(page)).toBe(2);
    await expect.poll(() => page.getByTestId('online-state').textContent(), { timeout: 10_000 }).toContain('Offline');
    await shot(page, 'phone-offline');

    await page.reload();
    await page.getByTestId('total').waitFor({ timeout: 20_000 });
    await expect.poll(() => pendingCount(page)).toBe(2);
    await scan(page, COFFEE);
    await payCashWithNote(page, 0);
    // Its receipt stays open: offline it cannot offer the register's network printer…
    expect(await page.getByTestId('print-network').count()).toBe(0);
    expect((await serverSales(server, registerId)).length).toBe(before);

    await context.setOffline(false);
    await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);
    // …and once the network is back it does (the printer list is read again).
    await page.getByTestId('print-network').waitFor({ timeout: 20_000 });
    await page.getByTestId('new-sale').click();
    const sales = await serverSales(server, registerId);
    const numbers = sales.map((s) => s.receiptNumber).sort((a, b) => a - b);
    expect(numbers.slice(before)).toHaveLength(3);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    await closeRegister(server, context, page);
  });

  it('makes a second tab on the same register read-only', async () => {
    const { context, page } = await openRegister(SIZES.tablet);
    const second = await context.newPage();
    await second.goto(server.baseUrl);
    await second.getByTestId('read-only').waitFor({ timeout: 20_000 });
    await scan(second, MUG);
    await second.waitForTimeout(300);
    expect(await second.getByTestId('line').count()).toBe(0);
    expect(await second.getByTestId('pay').isDisabled()).toBe(true);
    await shot(second, 'tablet-second-tab-read-only');
    // The first tab still sells.
    await scan(page, MUG);
    await expect.poll(() => page.getByTestId('line').count()).toBe(1);
    await second.close();
    await closeRegister(server, context, page);
  });
});
