import type { Account, Algorithm, OTPType } from '@kakunin/otp';
import type { ReadResult } from '../types.js';
import {
  accountOf,
  convertEntries,
  damaged,
  isRecord,
  type JSONRecord,
  num,
  numbersOf,
  recordsOf,
  secretOf,
  str,
} from './entry.js';

/**
 * Stratum (formerly Authenticator Pro) plain JSON backups: `Authenticators[]` with numeric `Type`
 * (1 HOTP, 2 TOTP, 3 mOTP, 4 Steam, 5 Yandex), `Algorithm` (0 SHA1, 1 SHA256, 2 SHA512), `Issuer`,
 * `Username`, `Secret` (base32), `Digits`, `Period`, `Counter`; categories map to our group.
 * Encrypted Stratum backups (Argon2id / legacy PBKDF2 + AES-CBC) are not supported.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/StratumImporter.java
 */

const TYPES: Record<number, OTPType> = { 1: 'hotp', 2: 'totp', 4: 'steam' };
const ALGORITHMS: readonly Algorithm[] = ['SHA1', 'SHA256', 'SHA512'];

/** Whether bytes start with an encrypted Stratum / Authenticator Pro header (binary after it). */
export const isStratumEncrypted = (bytes: Uint8Array): boolean => {
  const head = String.fromCharCode(...bytes.subarray(0, 16));
  return head === 'AUTHENTICATORPRO' || head === 'AuthenticatorPro';
};

/** Whether parsed JSON looks like a Stratum backup. */
export const isStratum = (json: unknown): json is JSONRecord =>
  isRecord(json) && Array.isArray(json.Authenticators);

function categoriesBySecret(json: JSONRecord): Map<string, string> {
  const list = (key: string): JSONRecord[] =>
    Array.isArray(json[key]) ? (json[key] as unknown[]).filter(isRecord) : [];
  const names = new Map(list('Categories').map((c) => [str(c, 'Id'), str(c, 'Name')]));
  const result = new Map<string, string>();
  for (const link of list('AuthenticatorCategories')) {
    const name = names.get(str(link, 'CategoryId'));
    const secret = str(link, 'AuthenticatorSecret');
    if (name && !result.has(secret)) result.set(secret, name);
  }
  return result;
}

function authenticatorAccount(raw: JSONRecord, where: string, groups: Map<string, string>): Account | string {
  const type = TYPES[num(raw, 'Type') ?? 0];
  if (type === undefined) return str(raw, 'Type');
  const algorithm = ALGORITHMS[num(raw, 'Algorithm', 0) ?? 0];
  if (algorithm === undefined) throw damaged(`${where}: unknown algorithm ${str(raw, 'Algorithm')}`);
  const fields: Partial<Account> & { secret: Uint8Array } = {
    type,
    secret: secretOf(raw.Secret, where),
    issuer: str(raw, 'Issuer'),
    name: str(raw, 'Username'),
    algorithm,
  };
  Object.assign(
    fields,
    numbersOf(raw, type, { digits: 'Digits', period: 'Period', counter: 'Counter' }, where),
  );
  const group = groups.get(str(raw, 'Secret'));
  if (group) fields.group = group;
  return accountOf(fields, where);
}

/** Read a Stratum plain JSON backup. */
export function readStratum(json: JSONRecord): ReadResult {
  const groups = categoriesBySecret(json);
  const list = recordsOf(json.Authenticators, 'authenticator');
  const where = (a: JSONRecord, i: number): string => `authenticator ${i + 1} (${str(a, 'Issuer')})`;
  const converted = convertEntries(list, where, (a, at) => authenticatorAccount(a, at, groups));
  return { format: 'stratum', pages: [], ...converted };
}
