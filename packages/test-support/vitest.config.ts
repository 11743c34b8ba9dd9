import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default mergeConfig(
  sourceConditions,
  defineProject({
    // Starting Chromium on a busy 2-core machine takes seconds.
    test: { name: 'test-support', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
  }),
);
