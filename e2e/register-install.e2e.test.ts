import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import { newContext } from './support/register-page.ts';

// The register is installable as an app (issue 6): Chrome wants a manifest with a 192 and a 512
// PNG icon, Android a maskable one, iOS an apple-touch-icon in the page. Checked on what the
// server really serves, and the PNGs' sizes read from their own headers.

let server: KassaServer;
let browser: Browser;

withServerAndBrowser((started) => ({ server, browser } = started));

interface ManifestIcon {
  src: string;
  sizes: string;
  type?: string;
  purpose?: string;
}

/** Fetches a PNG from the server; its width and height as its IHDR chunk says (bytes 16–23, after the signature). */
async function pngSize(url: string): Promise<{ width: number; height: number }> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  expect(response.headers.get('content-type'), url).toMatch(/^image\/png/);
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${url} is a PNG`).toBe(true);
  expect(bytes.subarray(12, 16).toString('latin1'), url).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function linkHref(page: Page, rel: string): Promise<string | null> {
  return page.evaluate((wanted) => document.querySelector<HTMLLinkElement>(`link[rel="${wanted}"]`)?.href ?? null, rel);
}

describe('the register as an installable app', () => {
  it('serves a manifest with 192 and 512 PNG icons and a maskable one, and the page has an apple-touch-icon', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(server.baseUrl);
    const manifestUrl = await linkHref(page, 'manifest');
    expect(manifestUrl).not.toBeNull();
    const manifest = (await (await fetch(manifestUrl!)).json()) as { icons: ManifestIcon[]; display: string; theme_color?: string };
    expect(manifest.display).toBe('standalone');

    const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
    for (const wanted of [192, 512]) {
      const icon = pngs.find((i) => i.sizes.split(' ').includes(`${wanted}x${wanted}`) && (i.purpose ?? 'any').split(' ').includes('any'));
      expect(icon, `a ${wanted}×${wanted} PNG icon`).toBeDefined();
      expect(await pngSize(new URL(icon!.src, manifestUrl!).href)).toEqual({ width: wanted, height: wanted });
    }
    const maskable = pngs.find((i) => (i.purpose ?? '').split(' ').includes('maskable'));
    expect(maskable, 'a maskable PNG icon').toBeDefined();
    const [side] = maskable!.sizes.split('x').map(Number);
    expect(await pngSize(new URL(maskable!.src, manifestUrl!).href)).toEqual({ width: side, height: side });

    const appleIcon = await linkHref(page, 'apple-touch-icon');
    expect(appleIcon, 'an apple-touch-icon link').not.toBeNull();
    expect(await pngSize(appleIcon!)).toEqual({ width: 180, height: 180 });
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe(manifest.theme_color);
    await context.close();
  });
});
