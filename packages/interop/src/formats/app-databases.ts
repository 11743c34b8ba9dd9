import type { Account } from '@kakunin/otp';
import type { Database } from 'sql.js';
import { decodeBase64 } from '../bytes.js';
import { ImportError } from '../errors.js';
import { openDatabase, rows, schema } from '../sqlite/open.js';
import type { ReadResult } from '../types.js';
import { accountOf, convertEntries, counterOf, type JSONRecord, num, secretOf, str } from './entry.js';

/**
 * Authenticators' own SQLite databases, from a rooted phone's app data, told apart by their tables:
 * - Google Authenticator: `/data/data/com.google.android.apps.authenticator2/databases/databases`, table
 *   `accounts` (`email` "Issuer:name" or "name", `secret` base32, `type` 0 TOTP / 1 HOTP, `counter`,
 *   `issuer`). The app keeps no algorithm, digits or period: SHA-1, 6 digits, 30 s.
 * - Microsoft Authenticator: `/data/data/com.azure.authenticator/databases/PhoneFactor`, table `accounts`
 *   (`name` the issuer, `username`, `oath_secret_key`, `account_type` 0 TOTP base32 6 digits / 1 Microsoft
 *   personal account, base64, 8 digits; other types are push-only and skipped).
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/GoogleAuthAppImporter.java
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/MicrosoftAuthImporter.java
 */

const has = (columns: Set<string> | undefined, ...names: string[]): boolean =>
  columns !== undefined && names.every((n) => columns.has(n));

function googleAccount(row: JSONRecord, where: string): Account | string {
  const type = num(row, 'type', 0);
  if (type !== 0 && type !== 1) return `type ${String(type)}`;
  const email = str(row, 'email');
  const colon = email.indexOf(':');
  const [prefix, name] = colon < 0 ? ['', email] : [email.slice(0, colon), email.slice(colon + 1).trim()];
  const base = { secret: secretOf(row.secret, where), issuer: str(row, 'issuer') || prefix, name };
  if (type === 0) return accountOf({ ...base, type: 'totp' }, where);
  return accountOf({ ...base, type: 'hotp', counter: counterOf(num(row, 'counter', 0), where) }, where);
}

function microsoftAccount(row: JSONRecord, where: string): Account | string {
  const type = num(row, 'account_type', 0);
  const key = str(row, 'oath_secret_key');
  if ((type !== 0 && type !== 1) || key === '') return 'push notification';
  const secret = type === 0 ? secretOf(key, where) : decodeBase64(key, `${where}: secret`);
  const fields = { type: 'totp' as const, secret, issuer: str(row, 'name'), name: str(row, 'username') };
  return accountOf(type === 0 ? fields : { ...fields, digits: 8 }, where);
}

function read(db: Database): ReadResult {
  const tables = schema(db);
  const accounts = tables.get('accounts');
  const where = (row: JSONRecord, i: number): string =>
    `row ${i + 1} (${str(row, 'issuer') || str(row, 'name')})`;
  if (has(accounts, 'email', 'secret', 'type')) {
    const list = rows(db, 'SELECT * FROM accounts ORDER BY _id') as JSONRecord[];
    return { format: 'google-authenticator-db', pages: [], ...convertEntries(list, where, googleAccount) };
  }
  if (has(accounts, 'oath_secret_key', 'account_type')) {
    const list = rows(db, 'SELECT * FROM accounts') as JSONRecord[];
    return {
      format: 'microsoft-authenticator-db',
      pages: [],
      ...convertEntries(list, where, microsoftAccount),
    };
  }
  const names = [...tables.keys()]
    .filter((t) => t !== 'android_metadata' && !t.startsWith('sqlite_'))
    .slice(0, 5);
  throw new ImportError('UNKNOWN_FORMAT', {
    detail: `a SQLite database of an app Kakunin does not read (tables: ${names.join(', ') || 'none'})`,
  });
}

/** Read an authenticator's SQLite database (Google Authenticator or Microsoft Authenticator). */
export async function readAppDatabase(bytes: Uint8Array): Promise<ReadResult> {
  const db = await openDatabase(bytes);
  try {
    return read(db);
  } catch (cause) {
    if (cause instanceof ImportError) throw cause;
    throw new ImportError('DAMAGED', { detail: 'the SQLite database cannot be read', cause });
  } finally {
    db.close();
  }
}
