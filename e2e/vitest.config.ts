import { defineProject } from 'vitest/config';

// Browser tests: real Chromium (Debian's) against a real `kassa start` process. One file at a
// time: they share the machine's CPU with the server and the browser.
export default defineProject({
  test: {
    name: 'e2e',
    include: ['**/*.e2e.test.ts'],
    globalSetup: ['support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
