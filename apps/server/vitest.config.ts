import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default mergeConfig(
  sourceConditions,
  defineProject({
    test: {
      name: 'server',
      include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
      // argon2 hashing, child processes and PostgreSQL round trips: generous limits for a busy 2-core CI.
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  }),
);
