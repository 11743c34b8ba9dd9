import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../vitest.shared.ts';

export default mergeConfig(
  sourceConditions,
  defineProject({
    test: {
      name: 'e2e',
      include: ['**/*.test.ts'],
      globalSetup: ['support/global-setup.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  }),
);
