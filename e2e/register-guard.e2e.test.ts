import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolmentCode, ownerCall, serverSales, type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import { catalogueLoaded, closeRegister, enrol, newContext, openMenu, outboxSize, scan, signIn } from './support/register-page.ts';

// The register's guard on what could leave waiting sales behind (REGISTER.md, "Waiting items"), in
// Debian's Chromium against a real server: signing out with a sale still waiting offline is refused,
// a cashier cannot override it, a manager can with their PIN checked on the device; the sale and the
// override (naming the receipt) reach the server once the network is back, with nobody signed in.
// And the warning when the browser's storage runs low.
const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const MUG = '8719876000015'; // Mok Strand 350 ml Oker, € 12,95

let server: KassaServer;
let browser: Browser;

withServerAndBrowser((started) => ({ server, browser } = started), { artifacts: ARTIFACTS });
// A test that fails half-way still gives the demo register back, so the next one is not read-only,
// and leaves a picture of where it stopped.
const open = new Set<{ context: BrowserContext; page: Page }>();
afterEach(async (test) => {
  for (const register of open) {
    await register.page.screenshot({ path: path.join(ARTIFACTS, `failed-${test.task.id}.png`) }).catch(() => undefined);
    await closeRegister(server, register.context, register.page).catch(() => undefined);
  }
  open.clear();
});

/** A new tablet or phone (`prepare` runs before its page opens), closed after the test whatever happens. */
async function openDevice(size?: { width: number; height: number }, prepare?: (context: BrowserContext) => Promise<unknown>): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, size);
  await prepare?.(context);
  const register = { context, page: await context.newPage() };
  open.add(register);
  return register;
}

/** Gives the register back at the end of a test that got there. */
async function closeDevice(context: BrowserContext, page: Page): Promise<void> {
  for (const register of open) if (register.page === page) open.delete(register);
  await closeRegister(server, context, page);
}

async function approveWithPin(dialog: Locator, name: string, pin: string): Promise<void> {
  await dialog.getByRole('button', { name }).click();
  for (const digit of pin) await dialog.getByRole('button', { name: `Cijfer ${digit}` }).click();
  await dialog.getByRole('button', { name: 'Goedkeuren' }).click();
}

/** Waits for the sign-in screen: its list of who may sign in, with the guard's dialogs gone. */
async function signInScreen(page: Page): Promise<void> {
  await page.getByRole('list', { name: 'Wie verkoopt er?' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('guard-dialog').waitFor({ state: 'detached' });
}

/** Enrols a fresh device on the demo register and signs Sanne in online (her and the managers' offline verifiers come with it). */
async function signedInRegister(page: Page): Promise<{ registerId: string }> {
  const { code, registerId } = await enrolmentCode(server);
  const verifiers = page.waitForResponse(async (r) => r.url().endsWith('/api/v1/devices/me/offline-pins') && (await r.text()).includes('"managesDevices":true'), { timeout: 30_000 });
  await enrol(page, server.baseUrl, code);
  await signIn(page);
  await verifiers;
  await catalogueLoaded(page);
  return { registerId };
}

describe('the guard on waiting sales', () => {
  it('refuses to sign out while a sale waits offline until a manager overrides with their PIN, and the override reaches the journal', async () => {
    const { context, page } = await openDevice({ width: 820, height: 1180 });
    const { registerId } = await signedInRegister(page);

    await context.setOffline(true);
    await scan(page, MUG);
    await expect.poll(() => page.getByTestId('line').count()).toBe(1);
    await page.getByTestId('pay').click();
    await page.getByTestId('quick-cash').getByRole('button').first().click();
    await page.getByTestId('receipt').waitFor();
    expect(await outboxSize(page)).toBeGreaterThanOrEqual(1);
    await page.getByTestId('new-sale').click();

    await openMenu(page, /Afmelden/);
    const guard = page.getByTestId('guard-dialog');
    await expect.poll(() => guard.getByTestId('guard-waiting').textContent()).toMatch(/wacht.*Bonnen: 1\./s);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tablet-guard-sign-out.png') });
    await guard.getByTestId('guard-confirm').click();
    const approval = page.getByTestId('approval-dialog');
    // The cashier is on the list (a manager may confirm their own sign-out) but may not override.
    await approveWithPin(approval, 'Sanne Kassa', '3333');
    await expect.poll(() => approval.getByTestId('approval-message').textContent(), { timeout: 30_000 }).toContain('mag dit niet goedkeuren');
    await approval.getByRole('button', { name: 'Iemand anders' }).click();
    await approveWithPin(approval, 'Mark Manager', '2222');
    // Signed out: the PIN screen (not the approval dialog, which lists Sanne too), and the sale still
    // waits on the device. Only then does the network come back: the guard counts what waits when
    // the sign-out runs, after the PIN check on the device.
    await signInScreen(page);
    expect(await serverSales(server, registerId)).toEqual([]);

    // The network returns: the device delivers its outbox with its own credential, nobody signed in.
    await context.setOffline(false);
    await expect.poll(() => outboxSize(page), { timeout: 45_000 }).toBe(0);
    expect(await serverSales(server, registerId)).toHaveLength(1);
    type Entry = { payload: { details: Record<string, unknown> } };
    const overrides = (await ownerCall<{ items: Entry[] }>(server, 'GET', `/api/v1/journal?registerId=${registerId}&kind=register.override_used&limit=50`)).items;
    const staff = await ownerCall<{ items: Array<{ id: string; name: string }> }>(server, 'GET', '/api/v1/staff?limit=100');
    const mark = staff.items.find((s) => s.name === 'Mark Manager')!;
    // What waited is counted when the sign-out runs (the dialog above showed receipt 1); the override
    // names the manager and that the PIN was checked on the device.
    expect(overrides.map((e) => e.payload.details)).toContainEqual(expect.objectContaining({ action: 'sign_out', waiting: expect.any(Number), approvedBy: mark.id, method: 'offline_pin', permission: 'devices.manage' }));
    await closeDevice(context, page);
  });

  it('signs out at once when nothing waits', async () => {
    const { context, page } = await openDevice();
    await signedInRegister(page);
    await expect.poll(() => outboxSize(page), { timeout: 30_000 }).toBe(0);
    await openMenu(page, /Afmelden/);
    const guard = page.getByTestId('guard-dialog');
    expect(await guard.getByTestId('guard-waiting').count()).toBe(0);
    await guard.getByTestId('guard-confirm').click();
    await signInScreen(page);
    await closeDevice(context, page);
  });

  it('blocks enrolment with a warning when persistent storage is refused, and warns when the storage is almost full', async () => {
    // The browser refuses persistent storage and reports 60 MB left of its quota (neither can be
    // made to happen for real in a test browser).
    const { context, page } = await openDevice({ width: 390, height: 844 }, (context) =>
      context.addInitScript(() => {
        const quota = 2_000 * 1024 * 1024;
        navigator.storage.estimate = async () => ({ usage: quota - 60 * 1024 * 1024, quota });
        navigator.storage.persist = async () => false;
        navigator.storage.persisted = async () => false;
      }),
    );
    const { code } = await enrolmentCode(server);
    await page.goto(`${server.baseUrl}/?enrol=${encodeURIComponent(code)}`);
    const warning = page.getByRole('alertdialog', { name: /Deze browser mag de gegevens van de kassa wissen/ });
    await warning.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-persist-refused.png') });
    // Nothing goes on until someone decides: the PIN screen is not there yet.
    expect(await page.getByRole('button', { name: 'Sanne Kassa' }).count()).toBe(0);
    await warning.getByRole('button', { name: /Toch doorgaan/ }).click();
    await signIn(page);
    await catalogueLoaded(page);
    await expect.poll(() => page.getByTestId('storage-low').textContent(), { timeout: 30_000 }).toContain('nog 60 MB vrij');
    expect(await page.locator('.status-bar').textContent()).toContain('sta blijvende opslag toe');
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-storage-low.png') });
    await closeDevice(context, page);
  });
});
