import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default mergeConfig(
  sourceConditions,
  defineProject({ test: { name: 'interop', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'] } }),
);
