import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { enrolmentCode, ownerCall, type KassaServer } from '../../apps/register/test/support/kassa-server.ts';

/**
 * Types a code the way a keyboard-wedge scanner does: a burst of key events, then Enter, sent to
 * whatever has focus. The events are dispatched in one task, as one scanner burst arrives: on a
 * loaded machine a timer between keys can fire hundreds of ms late, which is human typing speed
 * and rightly not a scan. (Playwright's own keyboard goes through one CDP round trip per key, so it
 * cannot make a burst either.) `gapMs` > 0 spaces the keys out, to test the detector's limit.
 */
export async function scan(page: Page, code: string, gapMs = 0): Promise<void> {
  await page.evaluate(
    async ({ code, gapMs }) => {
      const keys = [...code, 'Enter'];
      for (const key of keys) {
        const target = document.activeElement ?? document.body;
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
    },
    { code, gapMs },
  );
}

/** Opens the demo enrolment link and waits for the PIN screen (persistent-storage warning accepted). */
export async function enrol(page: Page, baseUrl: string, code: string): Promise<void> {
  await page.goto(`${baseUrl}/?enrol=${encodeURIComponent(code)}`);
  const continueAnyway = page.getByRole('button', { name: /Toch doorgaan|Continue anyway/ });
  const staffTile = page.getByRole('button', { name: 'Sanne Kassa' });
  await continueAnyway.or(staffTile).first().waitFor({ timeout: 20_000 });
  if (await continueAnyway.isVisible()) await continueAnyway.click();
  await staffTile.waitFor({ timeout: 20_000 });
}

/** Picks a cashier and types the PIN on the keypad. */
export async function signIn(page: Page, name = 'Sanne Kassa', pin = '3333'): Promise<void> {
  await page.getByRole('button', { name }).click();
  for (const digit of pin)
    await page.getByRole('button', { name: new RegExp(`^(Cijfer|Digit) ${digit}$`) }).click();
  await page.getByRole('button', { name: /^(Inloggen|Sign in)$/ }).click();
  await page.getByTestId('total').waitFor({ timeout: 30_000 });
}

/**
 * A new device (its own browser context) enrolled on the demo register with a fresh code, the
 * demo cashier signed in: the start of most register tests.
 */
export async function openSignedInRegister(
  browser: Browser,
  server: KassaServer,
  viewport = { width: 820, height: 1180 },
): Promise<{ context: BrowserContext; page: Page; registerId: string; storeId: string }> {
  const context = await browser.newContext({ viewport, locale: 'nl-NL' });
  const page = await context.newPage();
  const { code, registerId, storeId } = await enrolmentCode(server);
  await enrol(page, server.baseUrl, code);
  await signIn(page);
  return { context, page, registerId, storeId };
}

/**
 * Adds an item by typing its barcode in the search field and pressing Enter, and waits for the new
 * line (typing does not depend on key timing on a busy machine; the scanner tests send bursts).
 */
export async function addByCode(page: Page, code: string): Promise<void> {
  const lines = await page.getByTestId('line').count();
  await page.getByRole('searchbox').fill(code);
  await page.getByRole('searchbox').press('Enter');
  await expect.poll(() => page.getByTestId('line').count()).toBeGreaterThan(lines);
}

/**
 * The sale documents the page's outbox sends to the server, as sent (the server keeps amounts, not
 * every field the register sent: line notes, the discounts as given, approvals), collected from
 * the requests; the array fills as they go.
 */
export function recordSentSales<T>(page: Page): T[] {
  const sent: T[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/api/v1/sync/push')) return;
    const body = request.postDataJSON() as { items?: Array<{ kind: string; payload: T }> } | null;
    for (const item of body?.items ?? []) if (item.kind === 'sale') sent.push(item.payload);
  });
  return sent;
}

export async function pendingCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('pending-count').textContent()) ?? '';
  return Number(/\d+/.exec(text)?.[0] ?? NaN);
}

export async function newContext(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserContext> {
  return browser.newContext({ viewport, locale: 'nl-NL', serviceWorkers: 'allow' });
}

/** One read of a store of the register's IndexedDB (`kassa-register`): a count, its keys, every row, or one row by key (through an index when named). */
export type LocalRead = { op: 'count' } | { op: 'keys' } | { op: 'all' } | { op: 'get'; key: string | number; index?: string };

/** Reads the register's own IndexedDB in the page, as the register left it. */
export async function readLocalStore<T>(page: Page, store: string, read: LocalRead): Promise<T> {
  return page.evaluate(
    ({ store, read }) =>
      new Promise<T>((resolve, reject) => {
        const open = indexedDB.open('kassa-register');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const objects = db.transaction(store, 'readonly').objectStore(store);
          const source = read.op === 'get' && read.index ? objects.index(read.index) : objects;
          const request: IDBRequest =
            read.op === 'count' ? source.count() : read.op === 'keys' ? source.getAllKeys() : read.op === 'all' ? source.getAll() : source.get(read.key);
          request.onsuccess = () => {
            resolve(request.result as T);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
    { store, read },
  );
}

/**
 * Items in the register's outbox, read from its IndexedDB (store `outbox`). The status bar's count
 * starts at 0 until its query has run: right after a tab opens it cannot tell "nothing waits" from
 * "not counted yet"; this can.
 */
export async function outboxSize(page: Page): Promise<number> {
  return readLocalStore<number>(page, 'outbox', { op: 'count' });
}

/** A value the register keeps in its `meta` table (the session, the device, …), read from IndexedDB. */
export async function registerMeta<T>(page: Page, key: string): Promise<T | undefined> {
  return (await readLocalStore<{ value: T } | undefined>(page, 'meta', { op: 'get', key }))?.value;
}

/**
 * Waits until the register has its catalogue (the change feed's cursor is kept after a page is
 * applied; the demo catalogue is one page). A test that cuts the network right after signing in
 * would otherwise race the first catalogue download and scan into an empty catalogue.
 */
export async function catalogueLoaded(page: Page): Promise<void> {
  await expect.poll(() => registerMeta<string>(page, 'catalogCursor'), { timeout: 30_000 }).toBeDefined();
}

/** Opens the register's menu and one of its items. */
export async function openMenu(page: Page, item: RegExp): Promise<void> {
  await page.getByTestId('menu-button').click();
  await page.getByTestId('register-menu').getByRole('button', { name: item }).click();
}

/** A manager approves on the same register (the shift and returns screens' dialog): picks their name, types their PIN. */
export async function approveAsManager(page: Page, pin = '2222'): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Een manager moet goedkeuren' });
  await dialog.getByRole('button', { name: 'Mark Manager' }).click();
  await dialog.getByLabel('PIN van de manager').fill(pin);
  await dialog.getByRole('button', { name: 'Goedkeuren' }).click();
}

/** The return receipt, or the screen's message when the register refused (so a failure says why). */
export async function returnReceipt(page: Page): Promise<void> {
  await page.getByTestId('return-receipt').or(page.getByTestId('returns-message')).first().waitFor();
  if (await page.getByTestId('returns-message').isVisible()) {
    throw new Error(`the return was refused: ${await page.getByTestId('returns-message').textContent()}`);
  }
}

/**
 * Closes the register the way a tab closes: pagehide gives the register's lease back. That
 * release is a keepalive request a loaded machine may not get through before the context closes,
 * and the lease (120 s) would then make the next test's device on the same register read-only
 * (its scans add nothing): the owner releases it for this device as well, once the context is
 * closed: released while the tab still lives, a renewal on its way (or due that moment) can take
 * the lease back, and the next device stays read-only for the lease's 120 s.
 */
export async function closeRegister(server: KassaServer, context: BrowserContext, page: Page): Promise<void> {
  const [device, holderId] = await Promise.all([
    registerMeta<{ registerId: string }>(page, 'device'),
    registerMeta<string>(page, 'holderId'),
  ]);
  await page.evaluate(() => dispatchEvent(new Event('pagehide')));
  await context.close();
  if (device && holderId) {
    await ownerCall(server, 'POST', `/api/v1/registers/${device.registerId}/lease/release`, { holderId });
  }
}
