import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolmentCode,
  startKassaServer,
  type KassaServer,
} from '../apps/register/test/support/kassa-server.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import {
  catalogueLoaded,
  closeRegister,
  enrol,
  readLocalStore,
  registerMeta,
  scan,
  signIn,
} from './support/register-page.ts';
import { startMailbox, textParts, type Mailbox } from './support/smtp-mailbox.ts';

// Issue 6: the register e-mails a receipt. The server sends through a real SMTP server running as
// its own process (support/smtp-sink.ts); each test uses its own address, so what arrives for it
// is what that test sent.
const MUG = '8719876000015'; // Mok Strand 350 ml Oker, € 12,95 (21 %)
const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

let server: KassaServer;
let browser: Browser;
let mailbox: Mailbox;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  mailbox = await startMailbox();
  [server, browser] = await Promise.all([
    startKassaServer({
      env: {
        KASSA_SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
        KASSA_SMTP_FROM: 'Huis & Haven <bonnen@example.nl>',
      },
    }),
    launchChromium(),
  ]);
});
// The register a test has open; closed after it even when it failed, so the register's lease
// does not make the next test's device read-only.
let opened: { context: BrowserContext; page: Page; on: KassaServer } | null = null;
async function closeOpened(): Promise<void> {
  if (opened) await closeRegister(opened.on, opened.context, opened.page);
  opened = null;
}
afterEach(closeOpened);
afterAll(async () => {
  await browser?.close();
  await server?.kill();
  server?.cleanup();
  await mailbox?.stop();
});

/**
 * The server's e-mail jobs for one address, read from its database: a job still waiting would
 * send a second e-mail later, so "one message arrived" is checked against "one job exists".
 */
function emailJobsTo(address: string): Array<{ id: string; status: string; saleId: string }> {
  const db = new Database(server.databaseUrl.slice('sqlite:'.length), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const rows = db
      .prepare("select id, status, payload from jobs where type = 'receipt.email'")
      .all() as Array<{
      id: string;
      status: string;
      payload: string;
    }>;
    return rows
      .map((row) => ({ ...row, payload: JSON.parse(row.payload) as { to: string; saleId: string } }))
      .filter((row) => row.payload.to === address)
      .map((row) => ({ id: row.id, status: row.status, saleId: row.payload.saleId }));
  } finally {
    db.close();
  }
}

/** A fresh browser profile enrolled as the demo register, Sanne signed in, the store's receipt profile on the device. */
async function openRegister(
  options: { blockServiceWorker?: boolean; on?: KassaServer; emailConfigured?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const on = options.on ?? server;
  const context = await browser.newContext({
    viewport: { width: 820, height: 1180 },
    locale: 'nl-NL',
    ...(options.blockServiceWorker ? { serviceWorkers: 'block' as const } : {}),
  });
  const page = await context.newPage();
  const { code } = await enrolmentCode(on);
  await enrol(page, on.baseUrl, code);
  await signIn(page);
  // The register learns from the receipt profile (kept with the catalogue) whether this server can e-mail.
  await expect
    .poll(
      async () =>
        (await registerMeta<{ emailConfigured?: boolean }>(page, 'receiptProfile'))?.emailConfigured,
      {
        timeout: 30_000,
      },
    )
    .toBe(options.emailConfigured ?? true);
  opened = { context, page, on };
  return opened;
}

/** Sells one mug for cash; the receipt screen with its receipt number and the sale's id. */
async function sellMugForCash(page: Page): Promise<{ receiptNumber: number; saleId: string }> {
  await scan(page, MUG);
  await expect.poll(() => page.getByTestId('line').count()).toBe(1);
  await page.getByTestId('pay').click();
  await page.getByTestId('quick-cash').getByRole('button').first().click();
  await page.getByTestId('receipt').waitFor();
  const title = (await page.locator('#receipt-title').textContent()) ?? '';
  const receiptNumber = Number(/\d+/.exec(title)?.[0]);
  const sale = await readLocalStore<{ id: string }>(page, 'sales', { op: 'get', index: 'receiptNumber', key: receiptNumber });
  const saleId = sale.id;
  return { receiptNumber, saleId };
}

async function typeAddress(page: Page, address: string): Promise<void> {
  if (!(await page.getByTestId('email-address').isVisible())) await page.getByTestId('email-open').click();
  await page.getByTestId('email-address').fill(address);
}

const emailState = (page: Page) => page.getByTestId('email-state').getAttribute('data-state');

/** The one message for the address: the receipt (number, total, receipt code) as text and as HTML. */
async function expectOneReceiptMail(
  address: string,
  sale: { receiptNumber: number; saleId: string },
): Promise<void> {
  await expect.poll(() => mailbox.to(address).length, { timeout: 30_000 }).toBeGreaterThan(0);
  // The job is marked done just after the SMTP server took the message.
  await expect
    .poll(() => emailJobsTo(address), { timeout: 10_000 })
    .toEqual([{ id: expect.any(String), status: 'done', saleId: sale.saleId }]);
  const jobs = emailJobsTo(address);
  expect(mailbox.to(address)).toHaveLength(1);
  const raw = mailbox.to(address)[0]!.raw;
  expect(raw).toMatch(new RegExp(`Subject: Je kassabon van .+ \\(bon ${sale.receiptNumber}\\)`));
  expect(raw).toContain(`Message-ID: <${jobs[0]!.id}@kassa.receipts>`);
  const parts = textParts(raw);
  expect(parts.map((p) => p.type)).toEqual(['text/plain', 'text/html']);
  const text = parts[0]!.text;
  expect(text).toMatch(new RegExp(`Bon\\s+${sale.receiptNumber}\\b`));
  expect(text).toMatch(/TOTAAL\s+€\s?12,95/);
  expect(text).toContain(sale.saleId.replaceAll('-', ''));
  expect(parts[1]!.text).toMatch(/12,95/);
}

describe('e-mailing a receipt from the register in Chromium', () => {
  it('e-mails a cash sale once, showing its progress, and a double click on Send still sends one e-mail', async () => {
    const { page } = await openRegister();
    const sale = await sellMugForCash(page);
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 15_000 }).toContain('✓');
    await page.getByTestId('email-open').click();
    // The field has focus at once and is the keyboard's e-mail field on a phone or tablet.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('email-address');
    expect(await page.getByTestId('email-address').getAttribute('type')).toBe('email');
    expect(await page.getByTestId('email-address').getAttribute('inputmode')).toBe('email');
    // Typed and sent with Enter, the keyboard way.
    await page.getByLabel('E-mailadres van de klant').pressSequentially('anna@example.nl');
    await page.keyboard.press('Enter');
    await expect.poll(() => emailState(page), { timeout: 30_000 }).toBe('sent');
    expect(await page.getByTestId('email-state').textContent()).toContain('Bon gemaild naar anna@example.nl');
    expect(await page.getByTestId('email-state').getAttribute('role')).toBe('status');
    await shot(page, 'tablet-receipt-emailed');
    await expectNoAxeViolations(page, 'receipt, e-mailed');
    await expectOneReceiptMail('anna@example.nl', sale);

    // The next sale, another customer, and a double click on Send.
    await page.getByTestId('new-sale').click();
    const second = await sellMugForCash(page);
    await typeAddress(page, 'bram@example.nl');
    await page.getByTestId('email-send').dblclick();
    await expect.poll(() => emailState(page), { timeout: 30_000 }).toBe('sent');
    await expectOneReceiptMail('bram@example.nl', second);
  });

  it('sends one e-mail when the answer to Send was lost and the register asks again', async () => {
    const { page } = await openRegister({ blockServiceWorker: true });
    const sale = await sellMugForCash(page);
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 15_000 }).toContain('✓');
    // The first request reaches the server (the job is queued there), but its answer never arrives.
    let lost = 0;
    await page.route('**/api/v1/sales/*/emails', async (route) => {
      if (lost > 0) return route.continue();
      lost += 1;
      await route.fetch();
      await route.abort('failed');
    });
    await typeAddress(page, 'chris@example.nl');
    await page.getByTestId('email-send').click();
    await expect.poll(() => emailState(page), { timeout: 10_000 }).toBe('unreachable');
    await expect.poll(() => emailState(page), { timeout: 30_000 }).toBe('sent');
    expect(lost).toBe(1);
    await expectOneReceiptMail('chris@example.nl', sale);
  });

  it('refuses an invalid address with a clear message and sends nothing to it', async () => {
    const { page } = await openRegister();
    const sale = await sellMugForCash(page);
    await page.getByTestId('email-open').click();
    await page.getByTestId('email-send').click();
    expect(await page.getByTestId('email-error').textContent()).toContain('Typ het e-mailadres van de klant');
    await typeAddress(page, 'dirk@example');
    await page.getByTestId('email-send').click();
    const error = page.getByTestId('email-error');
    expect(await error.textContent()).toContain('“dirk@example” is geen e-mailadres');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await page.getByTestId('email-address').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('email-address').getAttribute('aria-describedby')).toBe(
      await error.getAttribute('id'),
    );
    expect(await page.getByTestId('email-state').count()).toBe(0);
    await shot(page, 'tablet-receipt-email-invalid');
    await expectNoAxeViolations(page, 'receipt, e-mail address refused');
    // Corrected, it goes to the corrected address only.
    await typeAddress(page, 'dirk@example.nl');
    expect(await page.getByTestId('email-error').count()).toBe(0);
    await page.getByTestId('email-send').click();
    await expect.poll(() => emailState(page), { timeout: 30_000 }).toBe('sent');
    await expectOneReceiptMail('dirk@example.nl', sale);
    expect(mailbox.to('dirk@example')).toHaveLength(0);
    expect(emailJobsTo('dirk@example')).toHaveLength(0);
  });

  it('e-mails a sale made offline once the sale has reached the server', async () => {
    const { context, page } = await openRegister();
    await catalogueLoaded(page);
    await context.setOffline(true);
    const sale = await sellMugForCash(page);
    await typeAddress(page, 'eva@example.nl');
    await page.getByTestId('email-send').click();
    await expect.poll(() => emailState(page), { timeout: 10_000 }).toBe('waitingForServer');
    expect(await page.getByTestId('email-state').textContent()).toContain(
      'De bon wordt naar eva@example.nl gemaild zodra de verkoop op de server is',
    );
    await shot(page, 'tablet-receipt-email-offline');
    // A second tap while it waits is the same request.
    await page.getByTestId('email-send').click();
    expect(emailJobsTo('eva@example.nl')).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(() => emailState(page), { timeout: 60_000 }).toBe('sent');
    await expectOneReceiptMail('eva@example.nl', sale);
  });

  it('keeps an e-mail asked for offline through the next sale and a reload, and sends it once when back online', async () => {
    const { context, page } = await openRegister();
    // The service worker must own the shell before the network goes (the reload is offline).
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await catalogueLoaded(page);
    await context.setOffline(true);
    const sale = await sellMugForCash(page);
    await typeAddress(page, 'fleur@example.nl');
    await page.getByTestId('email-send').click();
    await expect.poll(() => emailState(page), { timeout: 10_000 }).toBe('waitingForServer');
    await page.getByTestId('new-sale').click();
    await page.reload();
    await page.getByTestId('total').waitFor({ timeout: 20_000 });
    expect(await registerMeta<Array<{ to: string }>>(page, 'receiptEmails')).toEqual([
      expect.objectContaining({ to: 'fleur@example.nl', saleId: sale.saleId }),
    ]);

    await context.setOffline(false);
    await expectOneReceiptMail('fleur@example.nl', sale);
    // Sent: no longer kept on the device.
    await expect.poll(() => registerMeta<unknown[]>(page, 'receiptEmails')).toEqual([]);
  });

  it('says plainly that the server cannot send e-mail when it has none set up, and offers no field', async () => {
    // A second server, started without KASSA_SMTP_URL.
    const withoutMail = await startKassaServer();
    try {
      const { page } = await openRegister({ on: withoutMail, emailConfigured: false });
      await sellMugForCash(page);
      await page.getByTestId('email-open').click();
      expect(await page.getByTestId('email-not-configured').textContent()).toContain(
        'Deze server kan nog geen e-mail versturen',
      );
      expect(await page.getByTestId('email-address').count()).toBe(0);
      await shot(page, 'tablet-receipt-email-not-configured');
      await expectNoAxeViolations(page, 'receipt, e-mail not set up');
    } finally {
      // Closed here, while its server still runs to take the register's lease back.
      await closeOpened();
      await withoutMail.kill();
      withoutMail.cleanup();
    }
  });
});
