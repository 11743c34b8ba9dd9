import type { SealedBox } from './aead.js';
import { decodeBase64, decodeHex } from './encoding.js';
import { VaultError } from './errors.js';
import { isObject, type JSONObject, parseJSON } from './json-text.js';

/** The outer file version this package reads and writes (Aegis docs/vault.md, "Format"). */
export const FILE_VERSION = 1;

/** The outer structure of a vault file; `rest` keeps fields we do not know, to write them back. */
export type VaultFile =
  | { kind: 'encrypted'; slots: JSONObject[]; box: SealedBox; header: JSONObject; rest: JSONObject }
  | { kind: 'plain'; db: JSONObject; header: JSONObject; rest: JSONObject };

// Words every vault file contains; a file with them that is not valid JSON is a damaged vault.
const VAULT_WORDS = /"(header|slots|params|key_params|db)"/;

/**
 * Parses the text of a vault file and checks its outer structure (nothing is decrypted here).
 * @throws VaultError NOT_A_VAULT, DAMAGED or UNSUPPORTED_VERSION
 */
export function parseVaultFile(text: string): VaultFile {
  let json: unknown;
  try {
    // Some editors put a byte-order mark in front of UTF-8 text; it is not part of the JSON.
    json = parseJSON(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new VaultError(VAULT_WORDS.test(text) ? 'DAMAGED' : 'NOT_A_VAULT', 'not valid JSON', { cause });
  }
  if (!isObject(json) || !('header' in json || 'db' in json)) throw new VaultError('NOT_A_VAULT');
  const { version, header, db, ...rest } = json;
  if (typeof version !== 'number' || !Number.isInteger(version))
    throw new VaultError('DAMAGED', 'file version');
  if (version !== FILE_VERSION) throw new VaultError('UNSUPPORTED_VERSION', `file version ${version}`);
  if (!isObject(header)) throw new VaultError('DAMAGED', 'header');
  const { slots, params, ...headerRest } = header;
  if (slots === null && params === null) {
    if (!isObject(db)) throw new VaultError('DAMAGED', 'database');
    return { kind: 'plain', db, header: headerRest, rest };
  }
  if (!Array.isArray(slots) || !slots.every(isObject) || !isObject(params)) {
    throw new VaultError('DAMAGED', 'header slots');
  }
  const ciphertext = decodeBase64(db);
  const nonce = decodeHex(params.nonce);
  const tag = decodeHex(params.tag);
  if (!ciphertext || !nonce || !tag) throw new VaultError('DAMAGED', 'encrypted database');
  return { kind: 'encrypted', slots, box: { ciphertext, nonce, tag }, header: headerRest, rest };
}
