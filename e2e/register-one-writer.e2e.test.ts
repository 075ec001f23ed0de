import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolmentCode, serverSales, type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import { catalogueLoaded, closeRegister, enrol, newContext, outboxSize, readLocalStore, scan, signIn } from './support/register-page.ts';

// Issue 6, one writer per register: a second device (its own enrolment, its own browser profile)
// or a second tab on the same register is read-only until the one selling lets go, then takes
// over by itself. Whatever happens, the server only ever gets the sales of one writer at a time.
const MUG = '8719876000015';
const CHOCOLATE = '8719876001104';
const COFFEE = '8719876000848';

let server: KassaServer;
let browser: Browser;

withServerAndBrowser((started) => ({ server, browser } = started));
// A test that fails half-way still gives the register back, so the next one is not read-only.
const open = new Map<Page, BrowserContext>();
afterEach(async () => {
  for (const [page, context] of open) await close(context, page).catch(() => undefined);
});

/** A device of its own (browser profile) enrolled with its own code on the demo register, Sanne signed in. */
async function openDevice(context?: BrowserContext): Promise<{ context: BrowserContext; page: Page; registerId: string }> {
  const ownContext = context ?? (await newContext(browser));
  const page = await ownContext.newPage();
  const { code, registerId } = await enrolmentCode(server);
  await enrol(page, server.baseUrl, code);
  await signIn(page);
  await catalogueLoaded(page);
  open.set(page, ownContext);
  return { context: ownContext, page, registerId };
}

async function close(context: BrowserContext, page: Page): Promise<void> {
  open.delete(page);
  await closeRegister(server, context, page);
}

/** The ids of the sales this device committed, from its IndexedDB (`kassa-register`, store `sales`). */
async function localSaleIds(page: Page): Promise<string[]> {
  return (await readLocalStore<IDBValidKey[]>(page, 'sales', { op: 'keys' })).map(String);
}

async function sellForCash(page: Page, code: string): Promise<void> {
  await scan(page, code);
  await expect.poll(() => page.getByTestId('line').count()).toBe(1);
  await page.getByTestId('pay').click();
  await page.getByTestId('quick-cash').getByRole('button').first().click();
  await page.getByTestId('receipt').waitFor();
  await page.getByTestId('new-sale').click();
  await expect.poll(() => outboxSize(page), { timeout: 30_000 }).toBe(0);
}

/**
 * A read-only register ignores a scan at once; a late line would still land in the cart, which is
 * kept. So the check that a scan added nothing is made again when the register can sell: its cart
 * must then hold only what was scanned after the takeover.
 */
async function expectReadOnly(page: Page, banner: RegExp, code: string): Promise<void> {
  await page.getByTestId('read-only').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('read-only').textContent()).toMatch(banner);
  await scan(page, code);
  expect(await page.getByTestId('line').count()).toBe(0);
  expect(await page.getByTestId('pay').isDisabled()).toBe(true);
}

describe('one writer per register', () => {
  it('keeps a second device read-only while the first sells, and lets it take over when the first closes', async () => {
    const first = await openDevice();
    await sellForCash(first.page, MUG);
    const second = await openDevice();
    await expectReadOnly(second.page, /ander apparaat/, CHOCOLATE);
    // The first device still sells while the second watches.
    await sellForCash(first.page, MUG);
    expect(await localSaleIds(second.page)).toEqual([]);
    const firstSales = await localSaleIds(first.page);
    expect((await serverSales(server, first.registerId)).map((s) => s.id).sort()).toEqual([...firstSales].sort());

    // Closed as a tab closes: the lease is given back. The refused device asks again every 10 s,
    // so it takes over well within the writer's renewal time (40 s).
    await close(first.context, first.page);
    const closedAt = Date.now();
    await expect.poll(() => second.page.getByTestId('read-only').count(), { timeout: 30_000 }).toBe(0);
    const takeoverMs = Date.now() - closedAt;
    await sellForCash(second.page, COFFEE);

    const sales = await serverSales(server, first.registerId);
    const secondSales = await localSaleIds(second.page);
    expect(secondSales).toHaveLength(1);
    expect(sales.map((s) => s.id).sort()).toEqual([...firstSales, ...secondSales].sort());
    // One series of receipt numbers across both devices, the second device's sale last.
    const byNumber = [...sales].sort((a, b) => a.receiptNumber - b.receiptNumber);
    expect(byNumber.map((s) => s.receiptNumber)).toEqual([1, 2, 3]);
    expect(byNumber[2]!.id).toBe(secondSales[0]);
    console.log(`the second device took over ${takeoverMs} ms after the first closed`);
    await close(second.context, second.page);
  });

  it('keeps a second tab read-only where the browser has no Web Locks, and lets it take over when the first tab closes', async () => {
    const context = await newContext(browser);
    // As in a browser without the Web Locks API: the register falls back to its BroadcastChannel roll call.
    await context.addInitScript(() => {
      delete (Navigator.prototype as { locks?: unknown }).locks;
    });
    const first = await openDevice(context);
    expect(await first.page.evaluate(() => 'locks' in navigator)).toBe(false);
    const before = await serverSales(server, first.registerId);
    const second = await context.newPage();
    open.set(second, context);
    await second.goto(server.baseUrl);
    await expectReadOnly(second, /ander tabblad/, CHOCOLATE);
    // The older tab keeps selling; the newer one stays read-only.
    await sellForCash(first.page, MUG);
    expect(await second.getByTestId('read-only').count()).toBe(1);

    // Closed as a tab is closed: no help from the test, the register says goodbye on pagehide.
    open.delete(first.page);
    await first.page.close();
    await expect.poll(() => second.getByTestId('read-only').count(), { timeout: 30_000 }).toBe(0);
    await sellForCash(second, COFFEE);
    const added = (await serverSales(server, first.registerId)).filter((s) => !before.some((b) => b.id === s.id));
    expect(added.map((s) => s.receiptNumber).sort((a, b) => a - b)).toEqual([1, 2].map((n) => before.length + n));
    await close(context, second);
  });
});
