import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate.js';
import { upgradeLegacyRecoveryCodes } from '../src/services/recovery-codes.js';
import { dialects, fixedClock, type TestService, testService, userWithTwoFactor } from './support/harness.js';
import { releaseDatabase, releaseFacts } from './support/release-fixture.js';

// Threat: a copy of the database (a backup, read access to PostgreSQL). Recovery codes stored as
// unsalted SHA-256 let one sweep over the code space recover every user's codes. Defence: each code is
// stored as HMAC-SHA-256 under a key derived from the master key (which is not in the database), new
// codes have 80 bits, and the digests an older release wrote are rewritten at start-up while the
// codes themselves keep working.
const unkeyed = (code: string) =>
  createHash('sha256')
    .update(`kakunin-recovery:${code.replaceAll('-', '').toLowerCase()}`)
    .digest('hex');

async function storedDigests(service: TestService): Promise<string[]> {
  const rows = await service.ctx.db.selectFrom('recovery_codes').select('code_hash').execute();
  return rows.map((row) => row.code_hash);
}

describe.each(dialects())('recovery codes in a stolen database on %s', (dialect) => {
  let service: TestService;
  afterEach(async () => {
    await service.close();
  });

  it('cannot be tested by a sweep of SHA-256 digests: the database alone is not enough', async () => {
    service = await testService(dialect);
    const { recoveryCodes } = await userWithTwoFactor(service, 'alice');
    const stored = await storedDigests(service);
    expect(stored).toHaveLength(10);
    for (const code of recoveryCodes) expect(stored).not.toContain(unkeyed(code));
    // With the master key they are what the service computes; with another key, nothing matches.
    const other = await testService(dialect);
    try {
      const { recoveryCodes: otherCodes } = await userWithTwoFactor(other, 'alice');
      const otherStored = await storedDigests(other);
      expect(otherStored.filter((digest) => stored.includes(digest))).toEqual([]);
      expect(otherCodes.filter((code) => recoveryCodes.includes(code))).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe.each(dialects())('recovery codes of a release 0.1.0 database on %s', (dialect) => {
  let service: TestService;
  afterEach(async () => {
    await service.close();
    await service.test.dispose();
  });

  it('are rewritten as keyed digests at start-up and still sign in; the used one stays used', async () => {
    const facts = releaseFacts(dialect);
    const test = await releaseDatabase(dialect);
    await migrate(test.database);
    const secretKey = new Uint8Array(Buffer.from(facts.secretKeyHex, 'hex'));
    service = await testService(dialect, { test, clock: fixedClock(facts.now + 120_000), secretKey });
    const alice = facts.users.alice;

    // Before the upgrade the attack works on the old rows: that is what it removes.
    const before = await storedDigests(service);
    expect(alice.recoveryCodes.filter((code) => before.includes(unkeyed(code)))).toHaveLength(9);
    // An instance that has not upgraded yet (rolling restart) still accepts the old form.
    const early = service.client();
    await early.expect('POST', '/api/login', { username: 'alice', password: facts.password }, 200);
    await early.expect('POST', '/api/login/recovery-code', { code: alice.recoveryCodes[0] }, 200);

    expect(await upgradeLegacyRecoveryCodes(service.ctx)).toBe(before.length);
    expect(await upgradeLegacyRecoveryCodes(service.ctx)).toBe(0);
    const after = await storedDigests(service);
    for (const digest of after) expect(digest).toMatch(/^h1:[0-9a-f]{64}$/);
    for (const code of [...alice.recoveryCodes, alice.usedRecoveryCode, ...facts.users.admin.recoveryCodes])
      expect(after).not.toContain(unkeyed(code));

    const later = service.client();
    await later.expect('POST', '/api/login', { username: 'alice', password: facts.password }, 200);
    await later.expect('POST', '/api/login/recovery-code', { code: alice.recoveryCodes[5] }, 200);
    for (const spent of [alice.usedRecoveryCode, alice.recoveryCodes[0], alice.recoveryCodes[5]]) {
      const again = service.client();
      await again.expect('POST', '/api/login', { username: 'alice', password: facts.password }, 200);
      expect(await again.errorCode('POST', '/api/login/recovery-code', { code: spent })).toBe('INVALID_CODE');
    }
    const me = await later.expect('GET', '/api/me', undefined, 200);
    expect(me.twoFactor).toMatchObject({ recoveryCodesLeft: 7 });
  });
});
