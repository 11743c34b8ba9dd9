/** The kind of one-time password an account produces. */
export type OTPType = 'totp' | 'hotp' | 'steam';

/** The HMAC hash behind the codes. MD5 exists only to read keys other apps accept (see ADR 0003). */
export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512' | 'MD5';

/** One registered service: everything needed to produce and move its codes. */
export interface Account {
  type: OTPType;
  secret: Uint8Array;
  issuer: string;
  name: string;
  algorithm: Algorithm;
  digits: number;
  /** Seconds per step (totp and steam). */
  period: number;
  /** Next counter value (hotp). */
  counter: bigint;
  note?: string;
  group?: string;
  icon?: string;
}

/** The algorithms in the order formats list them. */
export const ALGORITHMS: readonly Algorithm[] = ['SHA1', 'SHA256', 'SHA512', 'MD5'];

/** The kinds of one-time password Kakunin produces. */
export const OTP_TYPES: readonly OTPType[] = ['totp', 'hotp', 'steam'];
/** The largest HOTP counter: the moving factor is 8 bytes (RFC 4226 §5.2). */
export const MAX_COUNTER: bigint = (1n << 64n) - 1n;

/** Digits allowed for HOTP/TOTP codes (RFC 4226 §5.3 asks for at least 6; older tokens use fewer). */
export const MIN_DIGITS = 1;
export const MAX_DIGITS = 10;
/** Periods allowed for TOTP, in seconds (one second to one day). */
export const MIN_PERIOD = 1;
export const MAX_PERIOD = 86_400;
/** Steam Guard codes: five characters every 30 seconds. */
export const STEAM_DIGITS = 5;

/** True when `digits` is an integer in 1–10. */
export function isValidDigits(digits: unknown): digits is number {
  return Number.isInteger(digits) && (digits as number) >= MIN_DIGITS && (digits as number) <= MAX_DIGITS;
}

/** True when `period` is an integer number of seconds in 1–86,400. */
export function isValidPeriod(period: unknown): period is number {
  return Number.isInteger(period) && (period as number) >= MIN_PERIOD && (period as number) <= MAX_PERIOD;
}

/** True when `algorithm` names a supported hash. */
export function isAlgorithm(algorithm: unknown): algorithm is Algorithm {
  return ALGORITHMS.includes(algorithm as Algorithm);
}

/** True when `counter` fits the 8-byte HOTP moving factor (RFC 4226 §5.2). */
export function isValidCounter(counter: unknown): counter is bigint {
  return typeof counter === 'bigint' && counter >= 0n && counter <= MAX_COUNTER;
}

/**
 * Builds a complete account from the fields given, filling defaults (totp, SHA1, 6 digits, 30 s,
 * counter 0; Steam: 5 characters). Throws RangeError or TypeError when a field is out of range.
 */
export function createAccount(fields: Partial<Account> & { secret: Uint8Array }): Account {
  const type = fields.type ?? 'totp';
  if (!OTP_TYPES.includes(type)) throw new RangeError(`Unknown OTP type: ${String(type)}`);
  if (!(fields.secret instanceof Uint8Array)) throw new TypeError('secret must be a Uint8Array');
  if (fields.secret.length === 0) throw new RangeError('secret must not be empty');
  const account: Account = {
    type,
    secret: fields.secret,
    issuer: fields.issuer ?? '',
    name: fields.name ?? '',
    algorithm: fields.algorithm ?? 'SHA1',
    digits: fields.digits ?? (type === 'steam' ? STEAM_DIGITS : 6),
    period: fields.period ?? 30,
    counter: fields.counter ?? 0n,
  };
  if (typeof account.issuer !== 'string' || typeof account.name !== 'string') {
    throw new TypeError('issuer and name must be strings');
  }
  if (!isAlgorithm(account.algorithm))
    throw new RangeError(`Unknown algorithm: ${String(account.algorithm)}`);
  if (!isValidDigits(account.digits)) throw new RangeError(`digits must be an integer in 1–10`);
  if (type === 'steam' && (account.digits !== STEAM_DIGITS || account.algorithm !== 'SHA1')) {
    throw new RangeError('Steam codes have 5 characters and use SHA1');
  }
  if (!isValidPeriod(account.period)) throw new RangeError('period must be an integer in 1–86400 seconds');
  if (!isValidCounter(account.counter)) throw new RangeError('counter must be a bigint in 0 … 2^64−1');
  if (fields.note !== undefined) account.note = fields.note;
  if (fields.group !== undefined) account.group = fields.group;
  if (fields.icon !== undefined) account.icon = fields.icon;
  return account;
}
