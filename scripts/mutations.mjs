// The mutations `npm run test:mutations` applies (see scripts/test-mutations.mjs). Each removes one
// defence from the code as it stands; `find` must appear exactly once in `file`. When you rewrite the
// code a mutation targets, rewrite the mutation so that it removes the same defence from your code.

/** @type {{ name: string, description: string, file: string, find: string, replace: string, project: string, tests: string[] }[]} */
export const MUTATIONS = [
  {
    name: 'totp-claim-condition',
    description: 'the step claim no longer requires last_step < step (RFC 6238 §5.2 replay)',
    file: 'apps/server/src/services/totp-code.ts',
    find: "    .where('id', '=', credentialId)\n    .where('last_step', '<', step)\n",
    replace: "    .where('id', '=', credentialId)\n",
    project: 'server',
    tests: ['apps/server/test/two-factor.replay.test.ts', 'apps/server/test/concurrent-claims.test.ts'],
  },
  {
    name: 'recovery-code-single-use',
    description: 'claiming a recovery code no longer requires it to be unused',
    file: 'apps/server/src/services/recovery-codes.ts',
    find: "    .set({ used_at: now })\n    .where('id', '=', id)\n    .where('used_at', 'is', null)\n",
    replace: "    .set({ used_at: now })\n    .where('id', '=', id)\n",
    project: 'server',
    tests: ['apps/server/test/recovery-codes.test.ts', 'apps/server/test/concurrent-claims.test.ts'],
  },
  {
    name: 'failure-count-stale-read',
    description: 'the failure counter is read, then written back plus one (concurrent failures get lost)',
    file: 'apps/server/src/services/lockout.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text to find, not a template
    find: "  const row = await ctx.db\n    .updateTable('users')\n    .set({\n      failed_count: sql`case when ${reachesLimit} then 0 else failed_count + 1 end`,\n      consecutive_failures: sql`consecutive_failures + 1`,\n",
    replace:
      "  const read = await ctx.db\n    .selectFrom('users')\n    .select(['failed_count', 'consecutive_failures'])\n    .where('id', '=', userId)\n    .executeTakeFirstOrThrow();\n" +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text to put in, not a template
      "  const row = await ctx.db\n    .updateTable('users')\n    .set({\n      failed_count: sql`case when ${reachesLimit} then 0 else ${read.failed_count} + 1 end`,\n      consecutive_failures: read.consecutive_failures + 1,\n",
    project: 'server',
    tests: ['apps/server/test/lockout.test.ts', 'apps/server/test/concurrent-claims.test.ts'],
  },
];
