import type { Account } from '@kakunin/otp';
import { textOf } from '../bytes.js';
import { aesGcmOpen, pbkdf2AesKey, rawAesKey, sha256Text } from '../crypto.js';
import { ImportError } from '../errors.js';
import type { ReadResult } from '../types.js';
import {
  accountOf,
  algorithmOf,
  convertEntries,
  damaged,
  isRecord,
  type JSONRecord,
  numbersOf,
  otpTypeOf,
  parseJSON,
  recordsOf,
  secretOf,
  str,
} from './entry.js';

/**
 * andOTP backups: a JSON array of entries (`secret` base32, `issuer`, `label`, `digits`, `type`
 * TOTP/HOTP/STEAM, `algorithm`, `period`, `counter`, `tags`). The encrypted backup (.json.aes) is binary:
 * iterations (4 bytes, big-endian) | salt (12) | IV (12) | AES-256-GCM ciphertext+tag, key from
 * PBKDF2-HMAC-SHA1. Old andOTP versions used SHA-256(password) as the key and only IV | ciphertext+tag.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/AndOtpImporter.java
 */

const SALT = 12;
const IV = 12;
const TAG = 16;
const MAX_ITERATIONS = 10_000_000;

const TYPES = ['TOTP', 'HOTP', 'STEAM', 'MOTP'];

// Strict: andOTP always writes `label`, `digits` and its upper-case `type` with the secret. A list of
// objects that merely has secrets (an extraction tool's `name`/`issuer`/`type` JSON) is not andOTP.
const isAndOTPEntry = (e: unknown): boolean =>
  isRecord(e) &&
  typeof e.secret === 'string' &&
  typeof e.label === 'string' &&
  typeof e.digits === 'number' &&
  typeof e.type === 'string' &&
  TYPES.includes(e.type) &&
  (!('issuer' in e) || typeof e.issuer === 'string');

/** Whether parsed JSON is an andOTP backup (every entry in andOTP's own layout). */
export const isAndOTP = (json: unknown): json is unknown[] =>
  Array.isArray(json) && json.length > 0 && json.every(isAndOTPEntry);

/** Whether a JSON list is an account list of some app, but not in andOTP's layout (for the refusal). */
export const isForeignSecretList = (json: unknown): boolean =>
  Array.isArray(json) && json.length > 0 && json.every((e) => isRecord(e) && 'secret' in e);

/** Whether binary bytes could be an andOTP encrypted backup (plausible header and length). */
export function looksLikeAndOTPEncrypted(bytes: Uint8Array): boolean {
  if (bytes.length < 4 + SALT + IV + TAG + 2) return false;
  const iterations = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  return iterations >= 1 && iterations <= MAX_ITERATIONS;
}

/** Whether headerless binary is long enough to be an old andOTP encrypted backup (IV, tag, some JSON). */
export const mayBeOldAndOTP = (bytes: Uint8Array): boolean => bytes.length >= IV + TAG + 2;

async function decrypt(bytes: Uint8Array, password: string): Promise<Uint8Array | null> {
  if (looksLikeAndOTPEncrypted(bytes)) {
    const iterations = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
    const salt = bytes.subarray(4, 4 + SALT);
    const key = await pbkdf2AesKey(password, salt, iterations, 'SHA-1');
    const plain = await aesGcmOpen(
      key,
      bytes.subarray(4 + SALT, 4 + SALT + IV),
      bytes.subarray(4 + SALT + IV),
    );
    if (plain) return plain;
  }
  const legacy = await rawAesKey(await sha256Text(password));
  const plain = await aesGcmOpen(legacy, bytes.subarray(0, IV), bytes.subarray(IV));
  return plain;
}

function entryAccount(entry: JSONRecord, where: string): Account | string {
  const type = otpTypeOf(entry.type);
  if (type === null) return str(entry, 'type');
  let issuer = str(entry, 'issuer');
  let name = str(entry, 'label');
  if (!('issuer' in entry)) {
    // Before andOTP 0.6 the issuer was part of the label: "Issuer - name".
    const [first, ...rest] = name.split(' - ');
    if (rest.length > 0) [issuer, name] = [first ?? '', rest.join(' - ')];
  }
  const fields: Partial<Account> & { secret: Uint8Array } = {
    type,
    secret: secretOf(entry.secret, where),
    issuer,
    name,
    algorithm: algorithmOf(entry.algorithm, where),
  };
  Object.assign(
    fields,
    numbersOf(entry, type, { digits: 'digits', period: 'period', counter: 'counter' }, where),
  );
  const tags = Array.isArray(entry.tags) ? entry.tags.filter((t): t is string => typeof t === 'string') : [];
  if (tags[0]) fields.group = tags[0];
  return accountOf(fields, where);
}

/** Read andOTP entries (an already parsed JSON array). */
export function readAndOTPEntries(list: unknown[], format: 'andotp' | 'andotp-encrypted'): ReadResult {
  const entries = recordsOf(list, 'entry');
  const where = (e: JSONRecord, i: number): string =>
    `entry ${i + 1} (${str(e, 'issuer') || str(e, 'label')})`;
  return { format, pages: [], ...convertEntries(entries, where, entryAccount) };
}

const OLD_ANDOTP_HINT =
  'binary data of no known kind; if it is an old andOTP encrypted backup (.json.aes), give its password (format andotp-encrypted)';

/**
 * Decrypt and read an andOTP encrypted backup. `guessed` files were recognised only by elimination
 * (the old format has no header): without a password, or when the password does not open them, they are
 * UNKNOWN_FORMAT with a hint rather than an andOTP error.
 */
export async function readAndOTPEncrypted(
  bytes: Uint8Array,
  password: string | undefined,
  guessed = false,
): Promise<ReadResult> {
  if (password === undefined) {
    if (guessed) throw new ImportError('UNKNOWN_FORMAT', { detail: OLD_ANDOTP_HINT });
    throw new ImportError('PASSWORD_REQUIRED');
  }
  const plain = await decrypt(bytes, password);
  if (plain === null) {
    if (guessed) throw new ImportError('UNKNOWN_FORMAT', { detail: OLD_ANDOTP_HINT });
    // GCM cannot tell a wrong key from altered bytes; the password is by far the likelier cause.
    throw new ImportError('WRONG_PASSWORD', { detail: 'or the file was altered' });
  }
  const list = parseJSON(textOf(plain) ?? '');
  if (!Array.isArray(list)) throw damaged('the decrypted backup is not a list of entries');
  return readAndOTPEntries(list, 'andotp-encrypted');
}
