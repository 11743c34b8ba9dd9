import type { Account } from '@kakunin/otp';
import { ImportError } from '../errors.js';
import type { ReadResult } from '../types.js';
import { csvRecords } from './csv.js';
import {
  accountFromURI,
  accountOf,
  convertEntries,
  damaged,
  isRecord,
  type JSONRecord,
  secretOf,
  str,
  uriType,
} from './entry.js';

/**
 * Bitwarden vault exports, JSON (`items[].login.totp`) and CSV (`login_totp` column). The TOTP field
 * holds an otpauth:// URI, a bare base32 key (TOTP, SHA1, 6 digits, 30 s) or `steam://KEY`. For bare keys
 * and Steam the issuer is the item's name and the account name its username.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/BitwardenImporter.java
 */

interface Item {
  totp: string;
  name: string;
  username: string;
}

/** Whether parsed JSON looks like a Bitwarden export. */
export const isBitwardenJSON = (json: unknown): json is JSONRecord =>
  isRecord(json) && Array.isArray(json.items) && ('encrypted' in json || 'folders' in json);

/** Whether CSV text has Bitwarden's header (it always includes login_totp). */
export const isBitwardenCSV = (text: string): boolean => {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  return header.split(',').some((h) => h.trim() === 'login_totp');
};

function itemAccount(item: Item, where: string): Account | string {
  const totp = item.totp.trim();
  if (/^otpauth:\/\//i.test(totp)) {
    const account = accountFromURI(totp, where);
    if (account === null) return uriType(totp);
    if (!account.issuer) account.issuer = item.name;
    if (!account.name) account.name = item.username;
    return account;
  }
  const steam = /^steam:\/\//i.test(totp);
  const secret = secretOf(steam ? totp.slice('steam://'.length) : totp, where);
  return accountOf({ type: steam ? 'steam' : 'totp', secret, issuer: item.name, name: item.username }, where);
}

function readItems(items: Item[], format: 'bitwarden-json' | 'bitwarden-csv'): ReadResult {
  // Number items as in the export, though only those with a TOTP field are read.
  const numbered = items.map((item, i) => ({ item, n: i + 1 })).filter(({ item }) => item.totp.trim() !== '');
  const where = ({ item, n }: { item: Item; n: number }): string => `item ${n} (${item.name})`;
  return { format, pages: [], ...convertEntries(numbered, where, ({ item }, at) => itemAccount(item, at)) };
}

/** Read an unencrypted Bitwarden JSON export. */
export function readBitwardenJSON(json: JSONRecord): ReadResult {
  if (json.encrypted === true) {
    throw new ImportError('UNSUPPORTED_VERSION', {
      detail: 'password-protected Bitwarden exports are not supported; export as unencrypted .json',
    });
  }
  const items = (json.items as unknown[]).map((raw, i): Item => {
    if (!isRecord(raw)) throw damaged(`item ${i + 1} is not an object`);
    const login = isRecord(raw.login) ? raw.login : {};
    return { totp: str(login, 'totp'), name: str(raw, 'name'), username: str(login, 'username') };
  });
  return readItems(items, 'bitwarden-json');
}

/** Read a Bitwarden CSV export. */
export function readBitwardenCSV(text: string): ReadResult {
  if (!isBitwardenCSV(text)) throw new ImportError('UNKNOWN_FORMAT', { detail: 'no login_totp column' });
  const items = csvRecords(text).map(
    (r): Item => ({ totp: r.login_totp ?? '', name: r.name ?? '', username: r.login_username ?? '' }),
  );
  return readItems(items, 'bitwarden-csv');
}
