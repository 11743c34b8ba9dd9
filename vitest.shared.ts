import type { UserConfig } from 'vite';

/**
 * Resolve workspace packages to their TypeScript sources, so tests never need a build first.
 * The `@kakunin/source` condition is declared in every workspace package's `exports`.
 */
export const sourceConditions: UserConfig = {
  resolve: { conditions: ['@kakunin/source', 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: ['@kakunin/source', 'module', 'node', 'development|production'] } },
};
