import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default mergeConfig(
  sourceConditions,
  defineProject({
    test: {
      name: 'interop',
      include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
      // Property tests run a hundred or more cases each; a busy machine needs more than 5 s for them.
      testTimeout: 60_000,
    },
  }),
);
