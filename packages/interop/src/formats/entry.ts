import {
  type Account,
  type Algorithm,
  createAccount,
  decodeBase32Lenient,
  isAlgorithm,
  KeyURIError,
  type OTPType,
  parseKeyURI,
} from '@kakunin/otp';
import { ImportError } from '../errors.js';
import { type Notice, skippedType } from '../warnings.js';

/** Helpers shared by the format readers: turning one foreign entry into an Account or a clear error. */

export type JSONRecord = Record<string, unknown>;

export const isRecord = (v: unknown): v is JSONRecord =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string field, '' when absent or null. */
export const str = (o: JSONRecord, key: string): string => {
  const v = o[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
};

/** A numeric field (numbers or numeric strings), `fallback` when absent or null. */
export const num = (o: JSONRecord, key: string, fallback?: number): number | undefined => {
  const v = o[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return fallback;
};

/** Normalise an algorithm name ('sha256', 'SHA-256', null → SHA1). */
export function algorithmOf(value: unknown, where: string): Algorithm {
  if (value === undefined || value === null || value === '') return 'SHA1';
  const name = String(value).toUpperCase().replace('-', '') as Algorithm;
  if (!isAlgorithm(name)) throw damaged(`${where}: unknown algorithm "${String(value)}"`);
  return name;
}

/** Decode a base32 key as people and apps write it (lowercase, spaces, padding). */
export function secretOf(text: unknown, where: string): Uint8Array {
  if (typeof text !== 'string' || text.trim() === '') throw damaged(`${where}: the secret key is missing`);
  try {
    const secret = decodeBase32Lenient(text);
    if (secret.length === 0) throw new RangeError('empty');
    return secret;
  } catch (cause) {
    throw damaged(`${where}: the secret key is not valid base32`, cause);
  }
}

/** Build an Account, turning invalid parameters into DAMAGED with the entry named. */
export function accountOf(fields: Partial<Account> & { secret: Uint8Array }, where: string): Account {
  try {
    return createAccount(fields);
  } catch (cause) {
    throw damaged(`${where}: ${cause instanceof Error ? cause.message : 'invalid parameters'}`, cause);
  }
}

/**
 * Parse an otpauth:// URI from a file. Unsupported OTP types (motp, yandex…) return null so the caller
 * can skip the entry with a warning; any other defect is DAMAGED.
 */
export function accountFromURI(uri: string, where: string): Account | null {
  try {
    return parseKeyURI(uri.trim());
  } catch (cause) {
    if (cause instanceof KeyURIError && cause.code === 'UNKNOWN_TYPE') return null;
    const reason = cause instanceof KeyURIError ? cause.code : 'unreadable otpauth:// URI';
    throw damaged(`${where}: ${reason}`, cause);
  }
}

/** The OTP type named in an otpauth:// URI ("motp" in otpauth://motp/…). */
export const uriType = (uri: string): string => /^otpauth:\/\/([^/?#]*)/i.exec(uri.trim())?.[1] ?? '';

/** Map a foreign type name to ours; null for types Kakunin cannot generate codes for. */
export function otpTypeOf(value: unknown): OTPType | null {
  const t = String(value ?? 'totp').toLowerCase();
  return t === 'totp' || t === 'hotp' || t === 'steam' ? t : null;
}

export const damaged = (detail: string, cause?: unknown): ImportError =>
  new ImportError('DAMAGED', cause === undefined ? { detail } : { detail, cause });

/**
 * The numeric parameters of an entry, named by the format's field names: digits when present, the
 * counter for HOTP, otherwise the period (30 s when absent).
 */
export function numbersOf(
  entry: JSONRecord,
  type: OTPType,
  keys: { digits: string; period: string; counter: string },
  where: string,
): Partial<Account> {
  const numbers: Partial<Account> = {};
  const digits = num(entry, keys.digits);
  if (digits !== undefined) numbers.digits = digits;
  if (type === 'hotp') numbers.counter = counterOf(num(entry, keys.counter), where);
  else numbers.period = num(entry, keys.period, 30) ?? 30;
  return numbers;
}

/** Counter fields arrive as JSON numbers; keep them exact as bigint. */
export function counterOf(value: number | undefined, where: string): bigint {
  if (value === undefined) return 0n;
  if (!Number.isSafeInteger(value) || value < 0) throw damaged(`${where}: invalid counter ${value}`);
  return BigInt(value);
}

/** Parse JSON text, null when it is not JSON. */
export function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The entries of a foreign list as JSON objects; anything else makes the file DAMAGED. */
export function recordsOf(list: unknown, noun: string): JSONRecord[] {
  if (!Array.isArray(list)) throw damaged(`the list of ${noun}s is missing`);
  return list.map((entry, i) => {
    if (!isRecord(entry)) throw damaged(`${noun} ${i + 1} is not an object`);
    return entry;
  });
}

/**
 * Convert every entry of a foreign list. `convert` returns the account, or the name of an OTP type
 * Kakunin cannot generate ("MOTP"), which skips the entry with a warning. `where` names an entry in
 * messages, e.g. "service 3 (GitHub)".
 */
export function convertEntries<T>(
  list: readonly T[],
  where: (entry: T, index: number) => string,
  convert: (entry: T, where: string) => Account | string,
): { accounts: Account[]; warnings: Notice[] } {
  const accounts: Account[] = [];
  const warnings: Notice[] = [];
  list.forEach((entry, i) => {
    const label = where(entry, i);
    const result = convert(entry, label);
    if (typeof result === 'string') warnings.push(skippedType(label, i + 1, result));
    else accounts.push(result);
  });
  return { accounts, warnings };
}
