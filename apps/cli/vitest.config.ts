import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default mergeConfig(
  sourceConditions,
  defineProject({
    // Most tests run the real CLI, bundled once from its sources, in a child process (plus scrypt).
    test: {
      name: 'cli',
      include: ['test/**/*.test.ts'],
      globalSetup: ['test/global-setup.ts'],
      // Modules are loaded once per worker, not once per file; no file replaces a module (vi.mock).
      isolate: false,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
