import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startKassaServer, type KassaServer } from '../../apps/register/test/support/kassa-server.ts';
import { launchChromium } from './browser.ts';

/**
 * The set-up of every register e2e file: a real `kassa start --demo` process and Debian's Chromium,
 * started together before the file's tests (and the screenshot folder made) and stopped after them.
 * `ready` receives both, as the file's own variables: `withServerAndBrowser((s) => ({ server, browser } = s))`.
 */
export function withServerAndBrowser(
  ready: (started: { server: KassaServer; browser: Browser }) => void,
  options: { artifacts?: string; browserArgs?: readonly string[] } = {},
): void {
  let started: { server: KassaServer; browser: Browser } | undefined;
  beforeAll(async () => {
    if (options.artifacts) mkdirSync(options.artifacts, { recursive: true });
    const [server, browser] = await Promise.all([startKassaServer(), launchChromium(options.browserArgs)]);
    started = { server, browser };
    ready(started);
  });
  afterAll(async () => {
    await started?.browser.close();
    await started?.server.kill();
    started?.server.cleanup();
  });
}
