import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

/**
 * Test files that replace one of the service's modules (`vi.mock`): they run in a project of their own
 * (vitest.isolated.config.ts), each in a fresh module registry, as a replaced module must not leak into
 * the files that run after it in the same worker.
 */
export const REPLACES_MODULES = ['test/attempts.burst.test.ts'];

export default mergeConfig(
  sourceConditions,
  defineProject({
    test: {
      name: 'server',
      include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
      exclude: REPLACES_MODULES,
      // The service's libraries (fastify, oidc-provider, Kysely, …) are loaded once per worker instead of
      // once per file: that was about a second of every file's time. No file here keeps state in a module
      // that another file would see (each builds its own app, database and clock).
      isolate: false,
      // argon2 hashing, child processes and PostgreSQL round trips: generous limits for a busy 2-core CI.
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  }),
);
