import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  enrolmentCode,
  ownerCall,
  type KassaServer,
} from '../apps/register/test/support/kassa-server.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import { enrol, readLocalStore, registerMeta, scan, signIn } from './support/register-page.ts';

// Issue 6: direct printing (WebUSB, Web Serial, Web Bluetooth) is offered only where the browser has
// the API, and a sale made offline shows the store's receipt header, footer and logo, which the
// register keeps from the server. No printer hardware is attached here: pairing itself (the
// browser's chooser) is not driven; the transports are tested against API-shaped objects.
const MUG = '8719876000015';
const HEADER = 'Open ma–za 10–18 uur (e2e)';
const FOOTER = 'Bedankt, tot ziens! (e2e)';

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

let server: KassaServer;
let browser: Browser;
let logo: { data: string; width: number };

withServerAndBrowser((started) => ({ server, browser } = started), { artifacts: ARTIFACTS });
beforeAll(async () => {
  const stores = await ownerCall<{ items: Array<{ id: string }> }>(server, 'GET', '/api/v1/stores');
  const storeId = stores.items[0]!.id;
  // A logo of our own (not the demo's), drawn by the browser as a PNG, set through the API with the header and footer.
  const drawing = await browser.newPage();
  const data = await drawing.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 120;
    canvas.height = 40;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 120, 40);
    g.fillStyle = '#000';
    g.fillRect(10, 10, 100, 20);
    return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length);
  });
  await drawing.close();
  const current = await ownerCall<{ version: number }>(
    server,
    'GET',
    `/api/v1/stores/${storeId}/receipt-settings`,
  );
  const saved = await ownerCall<{ logo: { data: string; width: number } }>(
    server,
    'PUT',
    `/api/v1/stores/${storeId}/receipt-settings`,
    {
      version: current.version,
      headerLines: [HEADER],
      footerLines: [FOOTER],
      logo: { mediaType: 'image/png', data },
    },
  );
  logo = saved.logo;
  expect(logo.width).toBe(120);
});

async function openRegister(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const { code } = await enrolmentCode(server);
  await enrol(page, server.baseUrl, code);
  await signIn(page);
  return page;
}

async function openPrinterSettings(page: Page): Promise<void> {
  await page.getByTestId('menu-button').click();
  await page.getByTestId('menu-printer').click();
  await page.getByTestId('printer-settings').waitFor();
}

/** The register's kept receipt profile (its `meta` table). */
async function keptProfile(page: Page): Promise<{ settings: { headerLines: string[] } } | null> {
  return (await registerMeta<{ settings: { headerLines: string[] } }>(page, 'receiptProfile')) ?? null;
}

/**
 * Once the store's receipt settings have reached the device (with the catalogue), the network
 * goes and a mug is sold for cash: the receipt on screen.
 */
async function sellOfflineForCash(context: BrowserContext, page: Page): Promise<Locator> {
  await expect
    .poll(async () => (await keptProfile(page))?.settings.headerLines, { timeout: 20_000 })
    .toEqual([HEADER]);
  await context.setOffline(true);
  await scan(page, MUG);
  await expect.poll(() => page.getByTestId('line').count()).toBe(1);
  await page.getByTestId('pay').click();
  await page.getByTestId('quick-cash').getByRole('button').first().click();
  const receipt = page.getByTestId('receipt');
  await receipt.waitFor();
  return receipt;
}

describe('direct printing and offline receipts in Chromium', () => {
  it('offers the printer connections this browser has, and an offline sale shows the store header, footer and logo', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
    const page = await openRegister(context);

    await openPrinterSettings(page);
    const has = await page.evaluate(() => ({
      usb: 'usb' in navigator,
      serial: 'serial' in navigator,
      bluetooth: 'bluetooth' in navigator,
    }));
    // Chromium has WebUSB at least; whichever it has is offered, whichever it lacks is said so.
    expect(has.usb).toBe(true);
    for (const kind of ['usb', 'serial', 'bluetooth'] as const) {
      expect(await page.getByTestId(`pair-${kind}`).isVisible(), kind).toBe(has[kind]);
      expect(await page.getByTestId(`unsupported-${kind}`).isVisible(), kind).toBe(!has[kind]);
    }
    expect(await page.getByTestId('printer-none').textContent()).toContain('Er is geen printer gekoppeld');
    await shot(page, 'desktop-printer-settings');
    await page.getByTestId('printer-settings').getByRole('button', { name: 'Sluiten' }).click();

    // The store's receipt settings reach the device with the catalogue, before it goes offline.
    const receipt = await sellOfflineForCash(context, page);
    expect(await page.getByTestId('sync-state').textContent()).toContain('⏳');
    expect(await receipt.getByTestId('receipt-header').textContent()).toContain(HEADER);
    expect(await receipt.getByTestId('receipt-footer').textContent()).toContain(FOOTER);
    expect(await receipt.getByTestId('receipt-logo').getAttribute('src')).toBe(
      `data:image/png;base64,${logo.data}`,
    );
    // The logo really renders (a broken data URL has no natural size).
    expect(
      await receipt.getByTestId('receipt-logo').evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBe(logo.width);
    await shot(page, 'desktop-offline-receipt-settings');
    await context.setOffline(false);
    await context.close();
  });

  it('prints an offline sale on a USB printer (a stand-in for WebUSB) with the bytes the server renders for the recorded sale', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
    // No printer is attached here: navigator.usb is replaced by an object of the same shape that
    // keeps what is written to the bulk OUT endpoint. The bytes are rendered by the register in Chromium.
    await context.addInitScript(() => {
      const writes: number[][] = [];
      (window as unknown as { __usbWrites: number[][] }).__usbWrites = writes;
      const config = {
        configurationValue: 1,
        interfaces: [
          {
            interfaceNumber: 0,
            alternates: [
              {
                alternateSetting: 0,
                interfaceClass: 7,
                endpoints: [{ endpointNumber: 2, direction: 'out', type: 'bulk' }],
              },
            ],
          },
        ],
      };
      const device = {
        vendorId: 0x04b8,
        productId: 0x0202,
        serialNumber: 'E2E',
        manufacturerName: 'EPSON',
        productName: 'TM-T20III',
        opened: false,
        configuration: null as unknown,
        configurations: [config],
        async open() {
          device.opened = true;
        },
        async close() {
          device.opened = false;
        },
        async selectConfiguration() {
          device.configuration = config;
        },
        async claimInterface() {},
        async selectAlternateInterface() {},
        async clearHalt() {},
        async transferOut(_endpoint: number, data: Uint8Array) {
          writes.push([...data]);
          return { status: 'ok', bytesWritten: data.length };
        },
      };
      let granted = false;
      const usb = {
        async requestDevice() {
          granted = true;
          return device;
        },
        async getDevices() {
          return granted ? [device] : [];
        },
      };
      Object.defineProperty(Navigator.prototype, 'usb', { configurable: true, get: () => usb });
    });
    const page = await openRegister(context);
    await openPrinterSettings(page);
    await page.getByTestId('pair-usb').click();
    expect(await page.getByTestId('printer-paired').textContent()).toContain('EPSON TM-T20III');
    await shot(page, 'desktop-printer-paired');
    await page.getByTestId('printer-settings').getByRole('button', { name: 'Sluiten' }).click();

    await sellOfflineForCash(context, page);
    const writes = () => page.evaluate(() => (window as unknown as { __usbWrites: number[][] }).__usbWrites);
    // A cash sale opens the drawer at once: ESC p 0 (pin 2), before any receipt.
    await expect.poll(async () => (await writes()).length).toBe(1);
    expect((await writes())[0]).toContain(0x70);
    await page.getByTestId('print-direct').click();
    await expect.poll(() => page.getByTestId('print-state').getAttribute('data-state')).toBe('printed');
    const printed = Buffer.from((await writes()).slice(1).flat());

    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 30_000 }).toContain('✓');
    const sales = await readLocalStore<Array<{ id: string; committedAt: string }>>(page, 'sales', { op: 'all' });
    const saleId = sales.sort((a, b) => a.committedAt.localeCompare(b.committedAt)).at(-1)!.id;
    const response = await fetch(`${server.baseUrl}/api/v1/sales/${saleId}/receipt?format=escpos&width=80`, {
      headers: { authorization: `Bearer ${server.ownerToken}` },
    });
    const fromServer = Buffer.from(await response.arrayBuffer());
    expect(printed.includes(Buffer.from(HEADER.slice(0, 7)))).toBe(true);
    expect(printed.indexOf(Buffer.from([0x1d, 0x76, 0x30]))).toBeGreaterThan(-1);
    expect(printed.equals(fromServer)).toBe(true);
    await context.close();
  });

  it('says plainly that direct printing needs another browser where none of the APIs exists (as in Firefox and Safari)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
    // What Firefox and Safari look like to the register: no navigator.usb, .serial or .bluetooth.
    await context.addInitScript(() => {
      for (const api of ['usb', 'serial', 'bluetooth']) {
        delete (Navigator.prototype as unknown as Record<string, unknown>)[api];
        delete (navigator as unknown as Record<string, unknown>)[api];
      }
    });
    const page = await openRegister(context);
    expect(
      await page.evaluate(() => 'usb' in navigator || 'serial' in navigator || 'bluetooth' in navigator),
    ).toBe(false);
    await openPrinterSettings(page);
    expect(await page.getByTestId('printer-none-supported').textContent()).toContain('Firefox of Safari');
    expect(await page.getByTestId('pair-usb').count()).toBe(0);
    await context.close();
  });
});
