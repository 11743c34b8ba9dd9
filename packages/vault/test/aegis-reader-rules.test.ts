import { type Account, createAccount } from '@kakunin/otp';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { createVault, openVault, type Vault } from '../src/index.js';
import { checkAegisFile as checkFile } from './aegis-rules.js';
import { rememberingScrypt } from './helpers.js';

const account: fc.Arbitrary<Account> = fc
  .record({
    type: fc.constantFrom('totp', 'hotp', 'steam'),
    secret: fc.uint8Array({ minLength: 1, maxLength: 40 }),
    issuer: fc.string(),
    name: fc.string(),
    algorithm: fc.constantFrom('SHA1', 'SHA256', 'SHA512'),
    digits: fc.integer({ min: 1, max: 10 }),
    period: fc.integer({ min: 1, max: 86_400 }),
    counter: fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }),
    group: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
  })
  .map(({ group, ...f }) =>
    createAccount({
      ...f,
      ...(f.type === 'steam' ? { digits: 5, algorithm: 'SHA1' as const } : {}),
      ...(group === undefined ? {} : { group }),
    }),
  );

describe('files Kakunin writes pass the checks Aegis makes when reading', () => {
  const scrypt = rememberingScrypt();
  let vault: Vault;
  beforeAll(async () => {
    vault = await createVault('aegis rules', { scrypt });
  });

  it('for any accounts, edits and a password change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(account, { maxLength: 6 }), fc.boolean(), async (accounts, favorite) => {
        const copy = await openVault(await vault.serialize(), 'aegis rules', { scrypt });
        for (const a of accounts) copy.add(a, { favorite });
        const first = copy.entries()[0];
        if (first) copy.update(first.id, { icon: 'data:image/png;base64,iVBORw0KGgo=', note: 'n' });
        checkFile(await copy.serialize(), 'aegis rules');
      }),
      { numRuns: 25 },
    );
    await vault.changePassword('パスワード ünïcode');
    checkFile(await vault.serialize(), 'パスワード ünïcode');
  });
});
