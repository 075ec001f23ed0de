import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (apt), never a downloaded one; flags keep it quiet and offline-capable in CI. */
export const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';

/** `extraArgs` adds flags for one test file (e.g. a fake camera); the defaults always stay. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/**
 * Chromium's fake camera: plays `videoFile` (Y4M or MJPEG, looped) as the only camera and, with
 * `acceptPrompt`, grants camera access without a prompt (else headless Chromium refuses it).
 */
export function fakeCameraArgs(videoFile: string, acceptPrompt = true): string[] {
  return ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${videoFile}`, ...(acceptPrompt ? ['--use-fake-ui-for-media-stream'] : [])];
}
