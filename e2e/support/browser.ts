import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (apt), never a downloaded one; flags keep it quiet and offline-capable in CI. */
export const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
