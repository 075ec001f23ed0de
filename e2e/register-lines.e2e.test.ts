import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { enrolmentCode, ownerCall, type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import { catalogueLoaded, closeRegister, enrol, pendingCount, recordSentSales, scan, signIn } from './support/register-page.ts';

// Line notes, "sold by", unknown items and the keyboard shortcut list, in Chromium against `kassa start --demo`.
const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const MUG = '8719876000015'; // Mok Strand 350 ml Oker, € 12,95 (21 %)
const UNKNOWN = '8710000000017'; // a valid EAN-13 the demo catalogue does not have

interface StoredSale { id: string; total: number; flags: Array<{ code: string }>; lines: Array<{ variantId: string | null; description: string; soldByStaffId: string | null; total: number }> }
interface SentSale { id: string; lines: Array<{ note?: string; soldByStaffId?: string; unknownItem?: boolean; variantId: string | null }>; approvals?: Array<{ approvalId: string; permission: string; approverStaffId: string }> }

let server: KassaServer;
let browser: Browser;

withServerAndBrowser((started) => ({ server, browser } = started), { artifacts: ARTIFACTS });

async function openRegister(): Promise<{ context: BrowserContext; page: Page; sent: SentSale[] }> {
  const context = await browser.newContext({ viewport: { width: 820, height: 1180 }, locale: 'nl-NL' });
  const page = await context.newPage();
  // What the outbox sends: the server keeps no line notes in its sale record, so the test reads them off the wire.
  const sent = recordSentSales<SentSale>(page);
  const { code } = await enrolmentCode(server);
  await enrol(page, server.baseUrl, code);
  await signIn(page);
  // An unknown code is only "unknown" once the register has its catalogue (else it says that).
  await catalogueLoaded(page);
  return { context, page, sent };
}

async function typeCode(page: Page, code: string): Promise<void> {
  await page.getByRole('searchbox').fill(code);
  await page.getByRole('searchbox').press('Enter');
}

async function payExactCash(page: Page): Promise<void> {
  await page.getByTestId('pay').click();
  await page.getByTestId('quick-cash').getByRole('button').first().click();
  await page.getByTestId('receipt').waitFor();
  await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toContain('Verstuurd');
}

async function staffId(name: string): Promise<string> {
  const staff = await ownerCall<{ items: Array<{ id: string; name: string }> }>(server, 'GET', '/api/v1/staff?limit=100');
  return staff.items.find((s) => s.name === name)!.id;
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName ?? null);

describe('line notes, sold by, unknown items and shortcuts at the register', () => {
  it("opens on the store's favourites tiles; tapping one adds it, and a changed list reaches the register", async () => {
    const { context, page } = await openRegister();
    const chip = page.getByTestId('favourites-chip');
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
    const results = page.getByTestId('results');
    await expect.poll(async () => Number(await results.getAttribute('data-count'))).toBe(12);
    const first = (await results.locator('.result-name').first().textContent()) ?? '';
    await results.locator('.result').first().click();
    await expect.poll(() => page.getByTestId('line').count()).toBe(1);
    expect(await page.getByTestId('line').first().textContent()).toContain(first.slice(0, 12));
    // The owner puts two items on the list: the register shows them after its next refresh (here: a reload).
    const stores = await ownerCall<{ items: Array<{ id: string }> }>(server, 'GET', '/api/v1/stores');
    const storeId = stores.items[0]!.id;
    const current = await ownerCall<{ version: number; variantIds: string[] }>(server, 'GET', `/api/v1/stores/${storeId}/favourites`);
    await ownerCall(server, 'PUT', `/api/v1/stores/${storeId}/favourites`, { version: current.version, variantIds: current.variantIds.slice(2, 4) });
    await page.reload();
    await expect.poll(async () => Number(await page.getByTestId('results').getAttribute('data-count')), { timeout: 20_000 }).toBe(2);
    await ownerCall(server, 'PUT', `/api/v1/stores/${storeId}/favourites`, { version: current.version + 1, variantIds: current.variantIds });
    await closeRegister(server, context, page);
  });

  it('sends a line note and who sold the line; the server records the salesperson and the receipt shows both', async () => {
    const { context, page, sent } = await openRegister();
    await typeCode(page, MUG);
    await typeCode(page, MUG);
    await expect.poll(() => page.getByTestId('line').count()).toBe(1);
    // The line just scanned is the selected one: its tools are open.
    await page.getByTestId('line-details').click();
    const dialog = page.getByTestId('line-dialog');
    await dialog.getByRole('textbox', { name: /Notitie/ }).fill('Cadeau ingepakt');
    await dialog.getByRole('combobox', { name: 'Verkocht door' }).selectOption({ label: 'Daan Kassa' });
    await expectNoAxeViolations(page, 'line dialog');
    await dialog.getByRole('button', { name: 'Opslaan' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Focus goes back to the button that opened the dialog.
    expect(await focused(page)).toBe('line-details');
    await expect.poll(() => page.getByTestId('line-note').textContent()).toContain('Cadeau ingepakt');
    expect(await page.getByTestId('line-sold-by').textContent()).toBe('Verkocht door Daan Kassa');
    await expectNoAxeViolations(page, 'sell with a note on a line');

    await payExactCash(page);
    const receipt = page.getByTestId('receipt');
    expect(await receipt.textContent()).toContain('Cadeau ingepakt');
    expect(await receipt.textContent()).toContain('Verkocht door Daan Kassa');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tablet-receipt-note.png') });
    // After the sale the Pay button that opened the payment is disabled: focus goes to the cart, where a scan lands.
    await page.getByTestId('new-sale').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Artikelen in deze verkoop');
    await scan(page, MUG);
    await expect.poll(() => page.getByTestId('line').count()).toBe(1);

    const daan = await staffId('Daan Kassa');
    const doc = sent.find((s) => s.lines.some((l) => l.note === 'Cadeau ingepakt'))!;
    expect(doc.lines).toEqual([expect.objectContaining({ note: 'Cadeau ingepakt', soldByStaffId: daan })]);
    const stored = await ownerCall<StoredSale>(server, 'GET', `/api/v1/sales/${doc.id}`);
    expect(stored.total).toBe(2590);
    expect(stored.lines.map((l) => l.soldByStaffId)).toEqual([daan]);
    await closeRegister(server, context, page);
  });

  it("sells an unknown barcode as an unknown item after a manager's PIN; the server flags it UNKNOWN_ITEM", async () => {
    const { context, page, sent } = await openRegister();
    await typeCode(page, UNKNOWN);
    const notice = page.getByTestId('scan-notice');
    await expect.poll(() => notice.textContent()).toContain(`Onbekende barcode ${UNKNOWN}`);
    await expectNoAxeViolations(page, 'unknown barcode notice');

    const describeItem = async () => {
      await page.getByTestId('add-unknown').click();
      const dialog = page.getByTestId('unknown-item-dialog');
      await dialog.getByRole('textbox', { name: 'Omschrijving' }).fill('Vaas blauw');
      await dialog.getByRole('textbox', { name: 'Prijs (per stuk)' }).fill('7,50');
      await dialog.getByRole('combobox', { name: 'Btw-tarief' }).selectOption({ label: 'Laag tarief (9 %)' });
      await expectNoAxeViolations(page, 'unknown item dialog');
      await page.screenshot({ path: path.join(ARTIFACTS, 'tablet-unknown-item.png') });
      await dialog.getByRole('button', { name: 'Toevoegen aan de verkoop' }).click();
      await page.getByTestId('approval-dialog').waitFor();
    };

    // The cashier may not on their own; without the manager nothing is added.
    await describeItem();
    await page.getByTestId('approval-cancel').click();
    await expect.poll(() => page.getByTestId('sell-message').textContent()).toContain('Niet goedgekeurd');
    expect(await page.getByTestId('line').count()).toBe(0);

    await typeCode(page, UNKNOWN);
    await describeItem();
    const approval = page.getByTestId('approval-dialog');
    expect(await approval.textContent()).toMatch(/Onbekend artikel “Vaas blauw” voor €\s7,50/);
    await approval.getByRole('button', { name: 'Mark Manager' }).click();
    for (const digit of '2222') await approval.getByRole('button', { name: `Cijfer ${digit}` }).click();
    await approval.getByRole('button', { name: 'Goedkeuren' }).click();
    await approval.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('line').count()).toBe(1);
    expect(await page.getByTestId('line-unknown').textContent()).toContain('onbekend artikel');
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('7,50');

    await payExactCash(page);
    const doc = sent.find((s) => s.lines.some((l) => l.unknownItem))!;
    const stored = await ownerCall<StoredSale>(server, 'GET', `/api/v1/sales/${doc.id}`);
    expect(stored.lines).toEqual([expect.objectContaining({ variantId: null, description: 'Vaas blauw', total: 750 })]);
    expect(stored.flags.map((f) => f.code)).toContain('UNKNOWN_ITEM');
    expect(stored.flags.map((f) => f.code)).not.toContain('APPROVAL_UNKNOWN');
    // The manager approved under the permission of its own; the sale carries it and the server names the manager.
    const manager = await staffId('Mark Manager');
    expect(doc.approvals).toEqual([expect.objectContaining({ permission: 'sales.unknown_item', approverStaffId: manager })]);
    const journal = await ownerCall<{ items: Array<{ payload: { approvedBy: string | null; lines: Array<{ description: string }> } }> }>(server, 'GET', `/api/v1/journal?kind=sale.unknown_item&documentId=${doc.id}`);
    expect(journal.items.map((e) => [e.payload.approvedBy, e.payload.lines.map((l) => l.description)])).toEqual([[manager, ['Vaas blauw']]]);
    await expect.poll(() => pendingCount(page), { timeout: 15_000 }).toBe(0);
    await closeRegister(server, context, page);
  });

  it('says the items have not loaded yet when a scan comes before the first catalogue, and sells once it is there', async () => {
    const context = await browser.newContext({ viewport: { width: 820, height: 1180 }, locale: 'nl-NL' });
    const page = await context.newPage();
    // The first catalogue download never arrives (the network went right after enrolling).
    await page.route('**/api/v1/catalog/changes**', (route) => route.abort('internetdisconnected'));
    const { code } = await enrolmentCode(server);
    await enrol(page, server.baseUrl, code);
    await signIn(page);
    await scan(page, MUG);
    const notice = page.getByTestId('scan-notice');
    await expect.poll(() => notice.textContent()).toContain(`Barcode ${MUG}: de artikelen staan nog niet op deze kassa`);
    expect(await page.getByTestId('line').count()).toBe(0);
    // The catalogue arrives (here: after a reload); the same scan now adds the mug.
    await page.unroute('**/api/v1/catalog/changes**');
    await page.reload();
    await page.getByTestId('total').waitFor({ timeout: 30_000 });
    await catalogueLoaded(page);
    await scan(page, MUG);
    await expect.poll(() => page.getByTestId('line').count()).toBe(1);
    await closeRegister(server, context, page);
  });

  it('opens the shortcut list with ? and closes it with Esc or ?, giving focus back; ? typed in the search field is text', async () => {
    const { context, page } = await openRegister();
    await typeCode(page, MUG);
    await expect.poll(() => page.getByTestId('line').count()).toBe(1);
    expect(await page.getByTestId('pay').getAttribute('title')).toBe('Afrekenen (F8 / F12)');

    // From a line: ? opens the list, Esc closes it and the line has focus again.
    const lineButton = page.getByTestId('line').first().getByRole('button').first();
    await lineButton.focus();
    await page.keyboard.press('?');
    const list = page.getByTestId('shortcuts-dialog');
    await list.waitFor();
    for (const keys of ['F2 / /', 'F8 / F12', 'F9', 'F7', 'Shift+F4', 'Esc']) expect(await list.textContent()).toContain(keys);
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="shortcuts-dialog"]') !== null)).toBe(true);
    await expectNoAxeViolations(page, 'shortcut list');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tablet-shortcuts.png') });
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    expect(await lineButton.evaluate((el) => el === document.activeElement)).toBe(true);

    // From the status bar button: ? closes it again, focus back on the button.
    await page.getByTestId('shortcuts-button').click();
    await list.waitFor();
    await page.keyboard.press('?');
    await list.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('shortcuts-button');

    // In the search field ? is a character, not a shortcut.
    await page.getByRole('searchbox').click();
    await page.keyboard.type('?');
    expect(await page.getByRole('searchbox').inputValue()).toBe('?');
    expect(await list.count()).toBe(0);

    // F7 opens the selected line's dialog; Esc closes it and focus returns where it was (the search field).
    await page.getByRole('searchbox').fill('');
    await page.keyboard.press('F7');
    await page.getByTestId('line-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('line-dialog').waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('search');

    // The menu gives focus back to its button when it closes.
    await page.getByTestId('menu-button').click();
    await page.getByTestId('register-menu').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('register-menu').waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('menu-button');
    await closeRegister(server, context, page);
  });
});
