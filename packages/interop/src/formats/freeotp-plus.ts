import type { Account } from '@kakunin/otp';
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
  recordsOf,
  str,
} from './entry.js';

/**
 * FreeOTP+ JSON backups: `tokens[]` with `secret` as an array of signed bytes, `issuerExt`, `label`,
 * `algo`, `digits`, `period`, `counter`, `type` TOTP/HOTP. FreeOTP+ has no Steam type: like FreeOTP, a
 * TOTP token whose issuer is "Steam" is a Steam Guard key. The counter is kept as stored (FreeOTP+
 * stores the counter of the last code shown, one behind other apps).
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/FreeOtpImporter.java
 */

/** Whether parsed JSON looks like a FreeOTP+ backup. */
export const isFreeOTPPlus = (json: unknown): json is JSONRecord =>
  isRecord(json) &&
  Array.isArray(json.tokens) &&
  json.tokens.every((t) => isRecord(t) && Array.isArray(t.secret));

/** A secret written as a list of (signed) bytes. */
export function secretBytes(value: unknown, where: string): Uint8Array {
  const list = Array.isArray(value) ? value : [];
  if (list.length === 0 || !list.every((b) => Number.isInteger(b) && b >= -128 && b <= 255)) {
    throw damaged(`${where}: the secret is not a list of bytes`);
  }
  return Uint8Array.from(list as number[], (b) => b & 0xff);
}

/** One FreeOTP / FreeOTP+ token as an account. */
export function tokenAccount(token: JSONRecord, where: string): Account | string {
  const issuer = str(token, 'issuerExt') || str(token, 'issuerInt');
  let type = otpTypeOf(token.type);
  if (type === 'totp' && issuer === 'Steam') type = 'steam';
  if (type === null) return str(token, 'type');
  const fields: Partial<Account> & { secret: Uint8Array } = {
    type,
    secret: secretBytes(token.secret, where),
    issuer,
    name: str(token, 'label'),
    algorithm: algorithmOf(token.algo, where),
  };
  Object.assign(
    fields,
    numbersOf(token, type, { digits: 'digits', period: 'period', counter: 'counter' }, where),
  );
  if (type === 'steam') delete fields.digits; // Steam codes have 5 characters whatever the token says
  return accountOf(fields, where);
}

/** Read a FreeOTP+ JSON backup. */
export function readFreeOTPPlus(json: JSONRecord): ReadResult {
  const tokens = recordsOf(json.tokens, 'token');
  const where = (t: JSONRecord, i: number): string => `token ${i + 1} (${str(t, 'issuerExt')})`;
  return { format: 'freeotp-plus', pages: [], ...convertEntries(tokens, where, tokenAccount) };
}
