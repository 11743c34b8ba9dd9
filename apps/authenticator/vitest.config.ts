import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

// Unit tests run in Node against sources; browser tests build the app once (test/global-setup.ts)
// and drive the built app in headless Chromium.
export default mergeConfig(
  sourceConditions,
  defineProject({
    test: {
      name: 'authenticator',
      include: ['test/**/*.test.ts'],
      globalSetup: ['test/global-setup.ts'],
      testTimeout: 180_000,
      hookTimeout: 300_000,
    },
  }),
);
