import { createAccount, decodeBase32 } from '@kakunin/otp';
import { addPasskey, createVault } from '@kakunin/vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyVault, listAccounts, PASSWORD, RFC_SECRET, tempDir } from './harness.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

describe('a vault with a passkey slot (the authenticator app keeps one in its own copy)', () => {
  it('opens with its password; the passkey slot is not needed', async () => {
    const vault = await createVault(PASSWORD);
    vault.add(createAccount({ secret: decodeBase32(RFC_SECRET), issuer: 'GitHub', name: 'alice' }));
    await addPasskey(vault, PASSWORD, {
      credentialId: 'AQIDBAUGBwgJCgsMDQ4PEA',
      prfSalt: new Uint8Array(32).fill(1),
      prfOutput: new Uint8Array(32).fill(2),
    });
    const text = await vault.serialize({ localSlots: true });
    expect((JSON.parse(text).header.slots as unknown[]).length).toBe(2);
    const path = await copyVault(dir, text);
    expect(await listAccounts(path, { KAKUNIN_PASSWORD: PASSWORD })).toMatchObject([
      { issuer: 'GitHub', name: 'alice' },
    ]);
  });
});
