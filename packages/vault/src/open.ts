import { scrypt as platformScrypt } from '#scrypt';
import { importAESKey, open } from './aead.js';
import { emptyDatabase, readDatabase } from './aegis-database.js';
import { decodeUTF8 } from './encoding.js';
import { VaultError } from './errors.js';
import { parseJSON } from './json-text.js';
import { unwrapWithPassword } from './password-slot.js';
import { type RandomBytes, systemRandom } from './random.js';
import type { ScryptFunction } from './scrypt-params.js';
import { Vault } from './vault.js';
import { parseVaultFile, type VaultFile } from './vault-file.js';

/** Injected dependencies; the defaults are the platform's random source and scrypt. */
export interface VaultOptions {
  random?: RandomBytes;
  scrypt?: ScryptFunction;
}

export const dependencies = (options: VaultOptions): Required<VaultOptions> => ({
  random: options.random ?? systemRandom,
  scrypt: options.scrypt ?? platformScrypt,
});

/**
 * A new empty vault without a password: for a plain export (`exportPlain`), or to be given one with
 * changePassword before `serialize`.
 */
export function createPlainVault(options: VaultOptions = {}): Vault {
  return new Vault({ db: emptyDatabase(), keys: null, rest: {}, header: {}, ...dependencies(options) });
}

/** A new empty vault with a random 256-bit master key and one password slot (scrypt N=2^15, r=8, p=1). */
export async function createVault(password: string, options: VaultOptions = {}): Promise<Vault> {
  const vault = createPlainVault(options);
  await vault.changePassword(password);
  return vault;
}

/**
 * Opens an encrypted Aegis or Kakunin vault file with its password.
 * @throws VaultError WRONG_PASSWORD, DAMAGED, NOT_A_VAULT, UNSUPPORTED_VERSION, NO_PASSWORD_SLOT or
 * NOT_ENCRYPTED (a plain export: use readPlainVault)
 */
export async function openVault(text: string, password: string, options: VaultOptions = {}): Promise<Vault> {
  const deps = dependencies(options);
  const file = parseVaultFile(text);
  if (file.kind === 'plain') throw new VaultError('NOT_ENCRYPTED');
  const masterKey = await unwrapWithPassword(file.slots, password, deps.scrypt);
  return openWithMasterKey(file, masterKey, deps);
}

/** Decrypts the database with an unwrapped master key (wiped afterwards) and makes the Vault. */
export async function openWithMasterKey(
  file: Extract<VaultFile, { kind: 'encrypted' }>,
  masterKey: Uint8Array,
  deps: Required<VaultOptions>,
): Promise<Vault> {
  const key = await importAESKey(masterKey);
  masterKey.fill(0);
  const plaintext = await open(key, file.box);
  const dbText = plaintext && decodeUTF8(plaintext);
  if (dbText === null) throw new VaultError('DAMAGED');
  let json: unknown;
  try {
    json = parseJSON(dbText);
  } catch (cause) {
    throw new VaultError('DAMAGED', 'database is not JSON', { cause });
  }
  const db = readDatabase(json, deps.random);
  return new Vault({ db, keys: { key, slots: file.slots }, rest: file.rest, header: file.header, ...deps });
}

/**
 * Reads an unencrypted Aegis export. The result has no password: set one with changePassword before
 * `serialize`, or only read and export it.
 * @throws VaultError NOT_A_VAULT, DAMAGED, UNSUPPORTED_VERSION, or PASSWORD_REQUIRED for an encrypted file
 */
export function readPlainVault(text: string, options: VaultOptions = {}): Vault {
  const deps = dependencies(options);
  const file = parseVaultFile(text);
  if (file.kind === 'encrypted') throw new VaultError('PASSWORD_REQUIRED');
  const db = readDatabase(file.db, deps.random);
  return new Vault({ db, keys: null, rest: file.rest, header: file.header, ...deps });
}
