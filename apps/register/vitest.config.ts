import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'register',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
