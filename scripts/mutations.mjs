// The mutations `npm run test:mutations` applies (see scripts/test-mutations.mjs). Each removes one
// defence from the code as it stands; `find` must appear exactly once in `file`. When you rewrite the
// code a mutation targets, rewrite the mutation so that it removes the same defence from your code.
// `project` is given to `vitest --project`: `server*` is the server's two projects (vitest.isolated.config.ts).

/** @type {{ name: string, description: string, file: string, find: string, replace: string, project: string, tests: string[] }[]} */
export const MUTATIONS = [
  {
    name: 'totp-claim-condition',
    description: 'the step claim no longer requires last_step < step (RFC 6238 §5.2 replay)',
    file: 'apps/server/src/services/totp-code.ts',
    find: "    .where('id', '=', credentialId)\n    .where('last_step', '<', step)\n",
    replace: "    .where('id', '=', credentialId)\n",
    project: 'server*',
    tests: ['apps/server/test/two-factor.replay.test.ts', 'apps/server/test/concurrent-claims.test.ts'],
  },
  {
    name: 'recovery-code-single-use',
    description: 'claiming a recovery code no longer requires it to be unused',
    file: 'apps/server/src/services/recovery-codes.ts',
    find: "    .set({ used_at: now })\n    .where('id', '=', id)\n    .where('used_at', 'is', null)\n",
    replace: "    .set({ used_at: now })\n    .where('id', '=', id)\n",
    project: 'server*',
    tests: ['apps/server/test/recovery-codes.test.ts', 'apps/server/test/concurrent-claims.test.ts'],
  },
  {
    name: 'attempt-reservation-while-locked',
    description: 'a reservation no longer checks the lock: every guess in flight gets checked (ADR 0009)',
    file: 'apps/server/src/services/attempts/sql-store.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text to find, not a template
    find: '        where attempt_counters.locked_until is null or attempt_counters.locked_until <= ${big(now)}\n',
    replace: '',
    project: 'server*',
    tests: [
      'apps/server/test/attempts.store.test.ts',
      'apps/server/test/lockout.test.ts',
      'apps/server/test/concurrent-claims.test.ts',
      'apps/server/test/attempts.burst.test.ts',
      'apps/server/test/attempts.lockout-dos.test.ts',
    ],
  },
  {
    name: 'attempt-check-before-reservation',
    description: 'a guess is checked while its places are being reserved, not after (ADR 0009)',
    file: 'apps/server/src/services/attempts/guard.ts',
    find: '  let lockedFor: number | null | undefined;\n',
    replace:
      '  let lockedFor: number | null | undefined;\n  const early = check();\n  early.catch(() => {});\n  check = () => early;\n',
    project: 'server*',
    tests: ['apps/server/test/attempts.burst.test.ts'],
  },
];
