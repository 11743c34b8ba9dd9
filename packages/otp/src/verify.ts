import type { Algorithm } from './account.js';
import { constantTimeEqual } from './constant-time.js';
import { assertCounter, assertDigits, decimalCode, highWord, truncatedHMAC } from './hotp.js';
import { assertPeriod, stepNumber } from './totp.js';

/** Options for verifying a TOTP code. */
export interface VerifyTOTPOptions {
  /** Steps accepted on each side of the current one (default 1, as RFC 6238 §5.2 recommends). */
  window?: number;
  algorithm?: Algorithm;
  digits?: number;
  period?: number;
}

/** Options for verifying a HOTP code. */
export interface VerifyHOTPOptions {
  /** Counters after the expected one that are also accepted (default 0). */
  lookAhead?: number;
  algorithm?: Algorithm;
  digits?: number;
}

/** The result of a TOTP verification: the matched step lets a server refuse its reuse. */
export type VerifyTOTPResult = { ok: true; step: bigint } | { ok: false };
/** The result of a HOTP verification: the counter that matched. */
export type VerifyHOTPResult = { ok: true; counter: bigint } | { ok: false };

const MAX_WINDOW = 100;
const FAILED: { ok: false } = Object.freeze({ ok: false });

/** True when `code` is exactly `digits` ASCII digits. Its shape is public, so this may exit early. */
function isWellFormed(code: unknown, digits: number): code is string {
  if (typeof code !== 'string' || code.length !== digits) return false;
  for (let i = 0; i < digits; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function matchesStep(secret: Uint8Array, code: string, step: number, algorithm: Algorithm): boolean {
  if (step < 0) return false;
  const value = truncatedHMAC(secret, highWord(step), step >>> 0, algorithm);
  return constantTimeEqual(decimalCode(value, code.length), code);
}

function refuseMD5(algorithm: Algorithm): void {
  // Codes from a 16-byte digest collapse to a few values on some steps (ADR 0003): never accept them.
  if (algorithm === 'MD5')
    throw new RangeError('MD5 codes are too weak to verify; use SHA1, SHA256 or SHA512');
}

function checkedInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_WINDOW) {
    throw new RangeError(`${name} must be an integer in 0–${MAX_WINDOW}`);
  }
  return value;
}

/**
 * Checks a TOTP code against the current step first, then the steps before and after it up to
 * `window`. Codes of the wrong length or with non-digits are `{ ok: false }`, never a throw.
 * @see RFC 6238 §5.2
 */
export function verifyTOTP(
  secret: Uint8Array,
  code: string,
  nowMs: number,
  options: VerifyTOTPOptions = {},
): VerifyTOTPResult {
  const { algorithm = 'SHA1', digits = 6, period = 30 } = options;
  const window = checkedInteger(options.window ?? 1, 'window');
  assertDigits(digits);
  assertPeriod(period);
  refuseMD5(algorithm);
  const current = stepNumber(nowMs, period);
  if (!isWellFormed(code, digits)) return FAILED;
  if (matchesStep(secret, code, current, algorithm)) return { ok: true, step: BigInt(current) };
  for (let distance = 1; distance <= window; distance++) {
    const before = current - distance;
    if (matchesStep(secret, code, before, algorithm)) return { ok: true, step: BigInt(before) };
    const after = current + distance;
    if (matchesStep(secret, code, after, algorithm)) return { ok: true, step: BigInt(after) };
  }
  return FAILED;
}

/**
 * Checks a HOTP code against `counter`, then up to `lookAhead` counters after it. Returns the counter
 * that matched (the caller stores counter + 1). Malformed codes are `{ ok: false }`.
 * @see RFC 4226 §7.2
 */
export function verifyHOTP(
  secret: Uint8Array,
  code: string,
  counter: bigint,
  options: VerifyHOTPOptions = {},
): VerifyHOTPResult {
  const { algorithm = 'SHA1', digits = 6 } = options;
  const lookAhead = checkedInteger(options.lookAhead ?? 0, 'lookAhead');
  assertDigits(digits);
  assertCounter(counter);
  refuseMD5(algorithm);
  if (!isWellFormed(code, digits)) return FAILED;
  const last = counter + BigInt(lookAhead);
  for (let c = counter; c <= last && c < 1n << 64n; c++) {
    const expected = decimalCode(
      truncatedHMAC(secret, Number(c >> 32n), Number(c & 0xffff_ffffn), algorithm),
      digits,
    );
    if (constantTimeEqual(expected, code)) return { ok: true, counter: c };
  }
  return FAILED;
}
