import { createAccount } from '@kakunin/otp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addPasskey,
  createVault,
  openVault,
  openVaultWithPasskey,
  PASSKEY_SLOT_TYPE,
  passkeyRequests,
  removePasskeys,
  type Vault,
  VaultError,
  vaultPasskeys,
} from '../src/index.js';
import { checkAegisFile } from './aegis-rules.js';
import { rememberingScrypt } from './helpers.js';

const PASSWORD = 'passkey slot password';
const scrypt = rememberingScrypt();
const bytes = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);
const PASSKEY = { credentialId: 'AQIDBAUGBwgJCgsMDQ4PEA', prfSalt: bytes(32, 7), prfOutput: bytes(32, 42) };

const code = async (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof VaultError ? e.code : String(e)),
  );

describe('passkey slot', () => {
  let vault: Vault;
  beforeAll(async () => {
    vault = await createVault(PASSWORD, { scrypt });
    vault.add(createAccount({ secret: bytes(20, 1), issuer: 'Example', name: 'alice', group: 'Work' }));
  });

  it('needs the password to be added', async () => {
    expect(await code(addPasskey(vault, 'wrong', PASSKEY))).toBe('WRONG_PASSWORD');
    expect(vaultPasskeys(vault)).toEqual([]);
  });

  it('opens the stored copy with the PRF output alone, and with the password still', async () => {
    await addPasskey(vault, PASSWORD, PASSKEY);
    expect(vaultPasskeys(vault)).toEqual([PASSKEY.credentialId]);
    const stored = await vault.serialize({ localSlots: true });
    const slots = JSON.parse(stored).header.slots as { type: number }[];
    expect(slots.map((s) => s.type)).toEqual([1, PASSKEY_SLOT_TYPE]);
    expect(passkeyRequests(stored)).toEqual([
      { credentialId: PASSKEY.credentialId, prfSalt: PASSKEY.prfSalt },
    ]);

    const byPasskey = await openVaultWithPasskey(stored, PASSKEY.credentialId, PASSKEY.prfOutput, { scrypt });
    expect(byPasskey.entries().map((e) => e.account.issuer)).toEqual(['Example']);
    // The password slot is untouched: the CLI and Aegis-style opening still work on this copy.
    const byPassword = await openVault(stored, PASSWORD, { scrypt });
    expect(byPassword.entries()[0]?.account.group).toBe('Work');
    expect(vaultPasskeys(byPassword)).toEqual([PASSKEY.credentialId]);
  });

  it('refuses another passkey, or the same credential with another PRF output', async () => {
    const stored = await vault.serialize({ localSlots: true });
    expect(await code(openVaultWithPasskey(stored, 'other', PASSKEY.prfOutput))).toBe('WRONG_PASSWORD');
    expect(await code(openVaultWithPasskey(stored, PASSKEY.credentialId, bytes(32, 43)))).toBe(
      'WRONG_PASSWORD',
    );
  });

  it('never leaves the app in a file: every other serialisation has the password slot alone and opens under Aegis rules', async () => {
    const file = await vault.serialize();
    expect((JSON.parse(file).header.slots as { type: number }[]).map((s) => s.type)).toEqual([1]);
    expect(passkeyRequests(file)).toEqual([]);
    checkAegisFile(file, PASSWORD);
    // Read back and written again (as a restore then a backup would), still without it.
    const again = await (await openVault(file, PASSWORD, { scrypt })).serialize({ localSlots: true });
    expect(passkeyRequests(again)).toEqual([]);
  });

  it('is removed on request and by a password change', async () => {
    const copy = await openVault(await vault.serialize({ localSlots: true }), PASSWORD, { scrypt });
    removePasskeys(copy);
    expect(passkeyRequests(await copy.serialize({ localSlots: true }))).toEqual([]);
    const other = await openVault(await vault.serialize({ localSlots: true }), PASSWORD, { scrypt });
    await other.changePassword('a new password');
    expect(vaultPasskeys(other)).toEqual([]);
  });

  it('treats a damaged passkey slot as damage, not as a way in', async () => {
    const stored = JSON.parse(await vault.serialize({ localSlots: true }));
    stored.header.slots[1].prf_salt = 'zz';
    expect(
      await code(openVaultWithPasskey(JSON.stringify(stored), PASSKEY.credentialId, PASSKEY.prfOutput)),
    ).toBe('DAMAGED');
    // Opening by password ignores the slot it does not use.
    expect((await openVault(JSON.stringify(stored), PASSWORD, { scrypt })).entries()).toHaveLength(1);
  });
});
