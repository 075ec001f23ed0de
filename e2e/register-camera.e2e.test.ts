import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barcodeModules, frameWith, y4mVideo } from '../apps/register/test/support/barcode-image.ts';
import { enrolmentCode, startKassaServer, type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { fakeCameraArgs, launchChromium } from './support/browser.ts';
import { enrol, newContext, signIn } from './support/register-page.ts';

const MUG = '8719876000015'; // Mok Strand 350 ml Oker, € 12,95 (demo catalogue)
const PHONE = { width: 390, height: 844 };
const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let server: KassaServer;
let dir: string;
let video: string;

beforeAll(async () => {
  process.env.KASSA_DEMO_TERMINAL_PORT = 'off';
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(path.join(os.tmpdir(), 'kassa-camera-'));
  // The fake camera films a real EAN-13 of a demo product, drawn by zxing-wasm's writer.
  const frame = frameWith(await barcodeModules(MUG, 'EAN13'), { width: 640, height: 480, module: 3, barHeight: 180 });
  video = path.join(dir, 'mug.y4m');
  writeFileSync(video, y4mVideo(frame, 10));
  // The demo shop plus 300 generated products (`kassa demo --products`), so a search has pages to scroll through.
  const databaseUrl = `sqlite:${path.join(dir, 'kassa.db')}`;
  const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/main.ts', 'demo', '--products', '300'], { cwd: ROOT, env: { ...process.env, KASSA_DATABASE_URL: databaseUrl }, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`kassa demo failed: ${seeded.stderr}`);
  server = await startKassaServer({ databaseUrl, dir });
});
afterAll(async () => {
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

async function openSellScreen(browser: Browser): Promise<{ page: Page; close(): Promise<void>; offline(on: boolean): Promise<void> }> {
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  const { code } = await enrolmentCode(server);
  await enrol(page, server.baseUrl, code);
  await signIn(page);
  return { page, close: () => context.close(), offline: (on) => context.setOffline(on) };
}

/** The URLs of the register's shell the service worker has precached. */
const precached = (page: Page) =>
  page.evaluate(async () => {
    const names = await caches.keys();
    const urls = await Promise.all(names.map(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)));
    return urls.flat();
  });

describe('scanning with the camera (Chromium fake camera filming an EAN-13)', () => {
  it('adds the filmed product once, loads zxing-wasm from the register itself, and scans offline after a reload', async () => {
    const browser = await launchChromium(fakeCameraArgs(video));
    try {
      const { page, close, offline } = await openSellScreen(browser);
      const foreign: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(server.baseUrl) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
      });
      await page.getByTestId('camera-button').click();
      await expect.poll(() => page.getByTestId('line').count(), { timeout: 30_000 }).toBe(1);
      expect(await page.getByTestId('line').first().textContent()).toContain('Mok Strand');
      await expect.poll(() => page.getByTestId('camera-status').textContent()).toContain(MUG);
      // The code stays in view: still one line, quantity 1, after more frames were read.
      await page.waitForTimeout(2500);
      expect(await page.getByTestId('line').count()).toBe(1);
      expect(await page.getByTestId('total').textContent()).toContain('12,95');
      // The decoder came from the register's origin, never a CDN.
      const wasm = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.wasm')));
      expect(wasm).toHaveLength(1);
      expect(wasm[0]).toMatch(new RegExp(`^${server.baseUrl}/assets/zxing_reader-[\\w-]+\\.wasm$`));
      expect(foreign).toEqual([]);
      await page.getByRole('button', { name: /Camera sluiten|Close camera/ }).click();
      expect(await page.getByTestId('camera-scanner').count()).toBe(0);

      // Offline, after a reload: the service worker has the decoder too.
      await expect.poll(async () => (await precached(page)).some((u) => /zxing_reader-[\w-]+\.wasm$/.test(u)), { timeout: 30_000 }).toBe(true);
      await offline(true);
      await page.reload();
      await page.getByTestId('camera-button').click();
      await expect.poll(() => page.getByTestId('total').textContent(), { timeout: 30_000 }).toContain('25,90');
      await page.screenshot({ path: path.join(ARTIFACTS, 'phone-camera.png') });
      await close();
    } finally {
      await browser.close();
    }
  });

  it('says clearly that the camera may not be used when access is refused, and the sale goes on', async () => {
    // No fake prompt: headless Chromium refuses the camera, as a cashier tapping "Block" would.
    const browser = await launchChromium(fakeCameraArgs(video, false));
    try {
      const { page, close } = await openSellScreen(browser);
      await page.getByTestId('camera-button').click();
      await expect.poll(() => page.getByTestId('camera-scanner').getAttribute('data-state'), { timeout: 30_000 }).toBe('problem');
      expect(await page.getByTestId('camera-status').textContent()).toContain('De camera mag niet gebruikt worden');
      expect(await page.getByTestId('line').count()).toBe(0);
      await page.getByRole('searchbox').fill(MUG);
      await page.getByRole('searchbox').press('Enter');
      await expect.poll(() => page.getByTestId('line').count()).toBe(1);
      await close();
    } finally {
      await browser.close();
    }
  });
});

describe('the catalogue result list', () => {
  it('renders only the visible rows of a long list, pages on, and adds an item chosen with the arrow keys and Enter', async () => {
    const browser = await launchChromium();
    try {
      const context = await newContext(browser, { width: 820, height: 1180 });
      const page = await context.newPage();
      const { code } = await enrolmentCode(server);
      await enrol(page, server.baseUrl, code);
      await signIn(page);
      // "haven": a brand and a theme of many generated products, more than one page of results.
      const search = page.getByRole('searchbox');
      await search.fill('haven');
      const list = page.getByTestId('results');
      await expect.poll(() => list.getAttribute('data-query')).toBe('q:haven');
      const loaded = Number(await list.getAttribute('data-count'));
      const rendered = await list.locator('li').count();
      expect(loaded).toBeGreaterThan(rendered);
      await page.screenshot({ path: path.join(ARTIFACTS, 'tablet-search-list.png') });
      // Scrolling to the end of what is loaded loads the next page.
      await page.locator('.virtual-list').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await expect.poll(async () => Number(await list.getAttribute('data-count'))).toBeGreaterThan(loaded);
      expect(await list.locator('li').count()).toBeLessThan(Number(await list.getAttribute('data-count')));
      // Keyboard: ↓ from the search field to the first result, → to the second, Enter adds it.
      await page.locator('.virtual-list').evaluate((el) => (el.scrollTop = 0));
      // Each key once the focus has moved (a person's next key comes after the screen answered).
      const focusedIndex = () => page.evaluate(() => document.activeElement?.closest('[data-index]')?.getAttribute('data-index') ?? null);
      await search.press('ArrowDown');
      await expect.poll(focusedIndex).toBe('0');
      await page.keyboard.press('ArrowRight');
      await expect.poll(focusedIndex).toBe('1');
      const chosen = (await page.locator(':focus .result-name').textContent()) ?? '';
      expect(chosen).not.toBe('');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('line').count()).toBe(1);
      expect(await page.getByTestId('line').first().textContent()).toContain(chosen.slice(0, 12));
      await context.close();
    } finally {
      await browser.close();
    }
  });
});
