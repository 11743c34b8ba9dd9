import { defineConfig } from 'vitest/config';

// One run for every workspace; each workspace keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    // Two test files at a time: most files wait on PostgreSQL, child processes or Chromium much of the
    // time, so two keep both cores of a small CI machine busy (the default is one fewer than the cores).
    maxWorkers: 2,
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'apps/server/vitest.isolated.config.ts',
      'e2e/vitest.config.ts',
    ],
  },
});
