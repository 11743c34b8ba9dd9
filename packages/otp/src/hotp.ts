import { hmac } from '#hmac';
import { type Algorithm, isValidCounter, isValidDigits } from './account.js';

/** Options shared by every HOTP-based code. */
export interface HOTPOptions {
  algorithm?: Algorithm;
  digits?: number;
}

// The 8-byte moving factor is written into one reused buffer: hmac() copies it synchronously.
const movingFactor = new Uint8Array(8);
const movingFactorView = new DataView(movingFactor.buffer);
const TWO_POW_32 = 0x1_0000_0000;
const POWERS_OF_TEN = Array.from({ length: 11 }, (_, i) => 10 ** i);
const ZEROS = '0000000000';

/**
 * The 31-bit dynamically truncated HMAC of a counter given as two 32-bit halves (RFC 4226 §5.3).
 * A digest shorter than 20 bytes (MD5) reads the bytes past its end as zero: see ADR 0003.
 */
export function truncatedHMAC(secret: Uint8Array, high: number, low: number, algorithm: Algorithm): number {
  movingFactorView.setUint32(0, high);
  movingFactorView.setUint32(4, low);
  const digest = hmac(algorithm, secret, movingFactor);
  const last = digest.length - 1;
  const offset = digest[last]! & 0x0f;
  if (offset + 3 <= last) {
    return (
      ((digest[offset]! & 0x7f) << 24) |
      (digest[offset + 1]! << 16) |
      (digest[offset + 2]! << 8) |
      digest[offset + 3]!
    );
  }
  let value = 0;
  for (let i = 0; i < 4; i++) value = value * 256 + (offset + i <= last ? digest[offset + i]! : 0);
  return value & 0x7fff_ffff;
}

/** Formats a truncated value as a zero-padded decimal code of `digits` digits (RFC 4226 §5.3 step 3). */
export function decimalCode(value: number, digits: number): string {
  const text = String(value % POWERS_OF_TEN[digits]!);
  return text.length === digits ? text : ZEROS.slice(0, digits - text.length) + text;
}

/** Splits a step number (an integer below 2^53) into the halves of the moving factor. */
export function highWord(step: number): number {
  return Math.floor(step / TWO_POW_32);
}

/** Throws RangeError unless `digits` is an integer in 1–10. */
export function assertDigits(digits: number): void {
  if (!isValidDigits(digits))
    throw new RangeError(`digits must be an integer in 1–10, got ${String(digits)}`);
}

/** Throws RangeError unless `counter` is a bigint in 0 … 2^64−1. */
export function assertCounter(counter: bigint): void {
  if (!isValidCounter(counter)) throw new RangeError('counter must be a bigint in 0 … 2^64−1');
}

/**
 * The HOTP code for `counter`: HMAC, dynamic truncation, `digits` decimal digits.
 * @see RFC 4226 §5.3
 */
export function hotp(secret: Uint8Array, counter: bigint, options: HOTPOptions = {}): string {
  const digits = options.digits ?? 6;
  assertDigits(digits);
  assertCounter(counter);
  const value = truncatedHMAC(
    secret,
    Number(counter >> 32n),
    Number(counter & 0xffff_ffffn),
    options.algorithm ?? 'SHA1',
  );
  return decimalCode(value, digits);
}
