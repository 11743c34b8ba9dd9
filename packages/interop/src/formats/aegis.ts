import { openVault, readPlainVault, VaultError } from '@kakunin/vault';
import { ImportError, type ImportErrorCode } from '../errors.js';
import type { ReadResult } from '../types.js';
import { skippedType } from '../warnings.js';
import { isRecord, type JSONRecord } from './entry.js';

/**
 * Aegis vault files, plain or encrypted, read by @kakunin/vault (Kakunin's own vault is the same format).
 * @see beemdevelopment/Aegis docs/vault.md
 */

/** Whether parsed JSON looks like an Aegis vault. */
export const isAegis = (json: unknown): json is JSONRecord =>
  isRecord(json) && 'version' in json && isRecord(json.header) && 'db' in json;

/** Whether an Aegis vault is encrypted (it has key slots and its db is a base64 string). */
export const isAegisEncrypted = (json: JSONRecord): boolean =>
  typeof json.db === 'string' || (isRecord(json.header) && Array.isArray(json.header.slots));

const CODES: Record<string, ImportErrorCode> = {
  WRONG_PASSWORD: 'WRONG_PASSWORD',
  DAMAGED: 'DAMAGED',
  UNSUPPORTED_VERSION: 'UNSUPPORTED_VERSION',
  NOT_A_VAULT: 'UNKNOWN_FORMAT',
  NO_PASSWORD_SLOT: 'UNSUPPORTED_VERSION',
  NOT_ENCRYPTED: 'DAMAGED',
  PASSWORD_REQUIRED: 'PASSWORD_REQUIRED',
};

function translate(error: unknown): unknown {
  if (!(error instanceof VaultError)) return error;
  return new ImportError(CODES[error.code] ?? 'DAMAGED', {
    detail: `Aegis vault: ${error.code}`,
    cause: error,
  });
}

/** Read an Aegis vault export; encrypted ones need `password`. */
export async function readAegis(
  text: string,
  json: JSONRecord,
  password: string | undefined,
): Promise<ReadResult> {
  try {
    const encrypted = isAegisEncrypted(json);
    if (encrypted && password === undefined) throw new ImportError('PASSWORD_REQUIRED');
    const vault = encrypted ? await openVault(text, password ?? '') : readPlainVault(text);
    const accounts = vault.entries().map((e) => e.account);
    const warnings = vault
      .unsupportedEntries()
      .map((e) => skippedType(e.issuer || e.name || e.id, null, e.type));
    return { format: encrypted ? 'aegis-encrypted' : 'aegis', accounts, pages: [], warnings };
  } catch (error) {
    throw translate(error);
  }
}
