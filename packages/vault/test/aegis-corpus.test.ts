import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openVault, readPlainVault, VaultError } from '../src/index.js';
import { interopFile, rememberingScrypt } from './helpers.js';

// Files written by Aegis itself (its importer test data), kept in the shared interop corpus.
const encryptedPath = interopFile('aegis_encrypted.json');
const plainPath = interopFile('aegis_plain.json');
const present = encryptedPath !== null && plainPath !== null;
if (!present) console.warn('aegis-corpus.test.ts: ../shared/interop not found, Aegis corpus tests skipped');

describe.skipIf(!present)('vault files written by Aegis', () => {
  const scrypt = rememberingScrypt();
  const encrypted = present ? readFileSync(encryptedPath!, 'utf8') : '';
  const plain = present ? readFileSync(plainPath!, 'utf8') : '';

  it('opens the encrypted Aegis vault with its password and reads every entry', async () => {
    const vault = await openVault(encrypted, 'test', { scrypt });
    const fromPlain = readPlainVault(plain);
    expect(vault.entries().length).toBe(7);
    expect(vault.entries()).toEqual(fromPlain.entries());
    expect(vault.unsupportedEntries()).toEqual([]);
    const [deno, , , issuu, , wwe, boeing] = vault.entries();
    expect(deno).toMatchObject({ id: '3ae6f1ad-2e65-4ed2-a953-1ec0dff2386d', favorite: false });
    expect(deno!.account).toMatchObject({
      type: 'totp',
      issuer: 'Deno',
      name: 'Mason',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(Buffer.from(deno!.account.secret).toString('hex')).toBe('e49270f0d21f365c8408f8b475c5267c');
    expect(issuu!.account).toMatchObject({ type: 'hotp', algorithm: 'SHA1', digits: 6, counter: 1n });
    expect(wwe!.account).toMatchObject({ type: 'hotp', algorithm: 'SHA512', digits: 8, counter: 10300n });
    expect(boeing!.account).toMatchObject({
      type: 'steam',
      issuer: 'Boeing',
      name: 'Sophia',
      digits: 5,
      period: 30,
    });
  });

  it('refuses a wrong password for the Aegis vault', async () => {
    await expect(openVault(encrypted, 'Test', { scrypt })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
  });

  it('writes the Aegis vault back so that it opens again with the same password and entries', async () => {
    const vault = await openVault(encrypted, 'test', { scrypt });
    const text = await vault.serialize();
    const file = JSON.parse(text);
    // The original slot (its uuid and wrapped key) is kept: the master key did not change.
    expect(file.header.slots).toEqual(JSON.parse(encrypted).header.slots);
    expect(file.header.params.nonce).not.toBe(JSON.parse(encrypted).header.params.nonce);
    const again = await openVault(text, 'test', { scrypt });
    expect(again.entries()).toEqual(vault.entries());
  });

  it('tells an unencrypted Aegis export from an encrypted one', async () => {
    await expect(openVault(plain, 'test', { scrypt })).rejects.toMatchObject({ code: 'NOT_ENCRYPTED' });
    expect(() => readPlainVault(encrypted)).toThrow(VaultError);
  });
});
