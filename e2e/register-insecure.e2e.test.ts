import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKassaServer, type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { CHROMIUM } from './support/browser.ts';

// A register opened over plain HTTP on an address that is not localhost, as a tablet opening
// http://192.168.1.20:3000 would: not a secure context. The name kassa.winkel.test is resolved to the
// server's loopback address by Chromium itself, so no network setup is needed; to Chromium it is an
// ordinary host name (only localhost and loopback IPs count as potentially trustworthy).
const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const LAN_NAME = 'kassa.winkel.test';

let server: KassaServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startKassaServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.kill();
  server?.cleanup();
});

describe('the register on plain HTTP at a LAN address', () => {
  it('explains why it cannot run there and what to do, instead of failing silently', async () => {
    const context = await browser.newContext({ viewport: { width: 820, height: 1180 }, locale: 'nl-NL' });
    const page = await context.newPage();
    const url = `http://${LAN_NAME}:${server.port}/`;
    await page.goto(url);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    const screen = page.getByTestId('insecure-context');
    await screen.waitFor({ timeout: 20_000 });
    const text = (await screen.textContent()) ?? '';
    expect(text).toContain('niet veilig genoeg');
    expect(text).toContain(`http://${LAN_NAME}:${server.port}`);
    expect(text).toContain('npm run kassa -- tls init');
    expect(text).toContain(`http://localhost:${server.port}`);
    expect(await page.getByRole('link', { name: `https://${LAN_NAME}:${server.port}/` }).count()).toBe(1);
    // Nothing of the register itself started: no enrolment form, no service worker.
    expect(await page.getByRole('button', { name: /^(Koppelen|Enrol)$/ }).count()).toBe(0);
    expect(await page.evaluate(() => 'serviceWorker' in navigator)).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tablet-insecure-context.png') });
    // The same server on localhost is a secure context, and the register starts as usual.
    const local = await context.newPage();
    await local.goto(`http://localhost:${server.port}/`);
    expect(await local.evaluate(() => window.isSecureContext)).toBe(true);
    await local.locator('input[name="code"]').waitFor({ timeout: 20_000 });
    expect(await local.getByTestId('insecure-context').count()).toBe(0);
    await context.close();
  });
});
