import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';
import { REPLACES_MODULES } from './vitest.config.ts';

// The server's test files that replace one of its modules, each isolated (see vitest.config.ts).
export default mergeConfig(
  sourceConditions,
  defineProject({
    test: { name: 'server-isolated', include: REPLACES_MODULES, testTimeout: 30_000, hookTimeout: 30_000 },
  }),
);
