import type { Account } from '@kakunin/otp';
import { decodeBase64, textOf } from '../bytes.js';
import { aesCbcOpen, sha256Text } from '../crypto.js';
import { ImportError } from '../errors.js';
import type { ReadResult } from '../types.js';
import type { Prefs } from './android-prefs.js';
import {
  accountOf,
  convertEntries,
  damaged,
  isRecord,
  type JSONRecord,
  num,
  parseJSON,
  secretOf,
  str,
} from './entry.js';
import { TOTP_AUTHENTICATOR_KEY } from './shapes.js';

/**
 * TOTP Authenticator (com.authenticator.authservice2). Its backup file is base64 of AES-256-CBC (zero IV,
 * key SHA-256 of the password; backups made without a password use the app's fixed "TotpAuthenticator").
 * Decrypted, it is a JSON object whose one key is the account list (a JSON text) and whose value is a
 * timestamp. On a rooted phone the same list is the `STATIC_TOTP_CODES_LIST` preference of
 * `/data/data/com.authenticator.authservice2/shared_prefs/TOTP_Authenticator_Preferences.xml`: a JSON list
 * of entries (themselves JSON texts, or objects) with `issuer`, `name`, `key` in `base` 16, 32 or 64,
 * and `digits` and `period` as text. The app generates SHA-1 codes only.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/TotpAuthenticatorImporter.java
 */

const DEFAULT_PASSWORD = 'TotpAuthenticator';

function entriesOf(listText: string): JSONRecord[] | null {
  const list = parseJSON(listText);
  if (!Array.isArray(list)) return null;
  const entries = list.map((e) => (typeof e === 'string' ? parseJSON(e) : e));
  return entries.every(isRecord) ? entries : null;
}

function secretFrom(entry: JSONRecord, where: string): Uint8Array {
  const key = str(entry, 'key');
  const base = num(entry, 'base', 32);
  if (base === 16) {
    if (!/^([0-9a-f]{2})+$/i.test(key)) throw damaged(`${where}: the hex key is invalid`);
    return Uint8Array.from(key.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
  }
  if (base === 64) return decodeBase64(key, `${where}: key`);
  if (base === 32) return secretOf(key, where);
  throw damaged(`${where}: keys in base ${String(base)} are unknown`);
}

function entryAccount(entry: JSONRecord, where: string): Account {
  return accountOf(
    {
      type: 'totp',
      secret: secretFrom(entry, where),
      issuer: str(entry, 'issuer'),
      name: str(entry, 'name'),
      digits: num(entry, 'digits', 6) ?? 6,
      period: num(entry, 'period', 30) ?? 30,
    },
    where,
  );
}

function readEntries(
  entries: JSONRecord[],
  format: 'totp-authenticator' | 'totp-authenticator-encrypted',
): ReadResult {
  const where = (e: JSONRecord, i: number): string => `entry ${i + 1} (${str(e, 'issuer')})`;
  return { format, pages: [], ...convertEntries(entries, where, entryAccount) };
}

/** Read the app's preferences file. */
export function readTOTPAuthenticatorPrefs(prefs: Prefs): ReadResult {
  const entries = entriesOf(prefs.get(TOTP_AUTHENTICATOR_KEY) ?? '');
  if (entries === null) throw damaged(`${TOTP_AUTHENTICATOR_KEY} is not a list of entries`);
  return readEntries(entries, 'totp-authenticator');
}

async function open(data: Uint8Array, password: string): Promise<JSONRecord[] | null> {
  const plain = await aesCbcOpen(await sha256Text(password), new Uint8Array(16), data);
  const outer = plain === null ? null : parseJSON(textOf(plain) ?? '');
  if (!isRecord(outer)) return null;
  const [listText] = Object.keys(outer);
  return listText === undefined ? [] : entriesOf(listText);
}

/** Decrypt and read a backup; without a password the app's default one is tried. */
export async function readTOTPAuthenticatorBackup(
  text: string,
  password: string | undefined,
): Promise<ReadResult> {
  const data = decodeBase64(text.replace(/\s+/g, ''), 'the backup');
  const entries = await open(data, password ?? DEFAULT_PASSWORD);
  if (entries === null) {
    if (password === undefined) throw new ImportError('PASSWORD_REQUIRED', { app: 'TOTP Authenticator' });
    throw new ImportError('WRONG_PASSWORD', { detail: 'or the file is not a TOTP Authenticator backup' });
  }
  return readEntries(entries, 'totp-authenticator-encrypted');
}
