// Renders the register's PNG icons from apps/register/public/icon.svg with Debian's Chromium
// (`node scripts/make-icons.mjs`, then commit the PNGs). Chrome's install criteria want a 192 and a
// 512 PNG, Android a maskable one, iOS an apple-touch-icon: none of them take the SVG alone.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const PUBLIC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/register/public');
// The icon's own background (its rounded square), so a full-bleed icon looks like the SVG.
const BACKGROUND = '#0f172a';

/**
 * `scale`: how much of the square the SVG takes. `background`: a full-bleed square behind it, or
 * none (transparent corners, as the SVG). A maskable icon is cropped by the launcher to a shape
 * that keeps at least the centre circle of 80 % diameter: at 80 % the K stays well inside it (the
 * SVG's rounded corners fall on the same colour). iOS shows
 * transparency as black and rounds the corners itself, so its icon is full-bleed too.
 */
const ICONS = [
  { file: 'icon-192.png', size: 192, scale: 1, background: null },
  { file: 'icon-512.png', size: 512, scale: 1, background: null },
  { file: 'icon-maskable-512.png', size: 512, scale: 0.8, background: BACKGROUND },
  { file: 'apple-touch-icon.png', size: 180, scale: 1, background: BACKGROUND },
];

const svg = readFileSync(path.join(PUBLIC, 'icon.svg'));
const source = `data:image/svg+xml;base64,${svg.toString('base64')}`;
const browser = await chromium.launch({ executablePath: process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const icon of ICONS) {
    const inner = Math.round(icon.size * icon.scale);
    await page.setViewportSize({ width: icon.size, height: icon.size });
    await page.setContent(
      `<body style="margin:0;background:${icon.background ?? 'transparent'}">` +
        `<div style="width:${icon.size}px;height:${icon.size}px;display:grid;place-items:center">` +
        `<img src="${source}" width="${inner}" height="${inner}" alt=""></div></body>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: icon.size, height: icon.size }, omitBackground: icon.background === null });
    writeFileSync(path.join(PUBLIC, icon.file), png);
    process.stdout.write(`${icon.file}: ${icon.size}×${icon.size}, ${png.length} bytes\n`);
  }
} finally {
  await browser.close();
}
