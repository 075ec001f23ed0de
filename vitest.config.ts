import { defineConfig } from 'vitest/config';

// One runner for the whole workspace; each package is a project so a failure
// names the package it came from.
export default defineConfig({
  test: {
    projects: ['packages/domain', 'packages/contracts', 'apps/server', 'apps/register', 'e2e'],
  },
});
