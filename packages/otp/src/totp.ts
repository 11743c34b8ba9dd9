import { type Algorithm, isValidPeriod } from './account.js';
import { assertDigits, decimalCode, highWord, truncatedHMAC } from './hotp.js';

/** Options for TOTP codes. */
export interface TOTPOptions {
  algorithm?: Algorithm;
  digits?: number;
  /** Seconds per step, 1–86,400 (default 30). */
  period?: number;
}

/** Throws RangeError unless `period` is an integer in 1–86,400 seconds. */
export function assertPeriod(period: number): void {
  if (!isValidPeriod(period))
    throw new RangeError(`period must be an integer in 1–86400 s, got ${String(period)}`);
}

/**
 * The step number as a JavaScript number: exact for every non-negative `nowMs`, since the remainder
 * is taken before dividing (no floating-point rounding up to the next step).
 */
export function stepNumber(nowMs: number, period: number): number {
  if (!(nowMs >= 0) || !Number.isFinite(nowMs)) throw new RangeError('nowMs must be a finite time ≥ 0');
  const stepMs = period * 1000;
  return Math.floor((nowMs - (nowMs % stepMs)) / stepMs);
}

/**
 * The TOTP time step T = floor((now − T0) / X) with T0 = 0.
 * @see RFC 6238 §4.2
 */
export function timeStep(nowMs: number, period: number): bigint {
  assertPeriod(period);
  return BigInt(stepNumber(nowMs, period));
}

/**
 * The TOTP code at `nowMs` (milliseconds since the Unix epoch).
 * @see RFC 6238 §4
 */
export function totp(secret: Uint8Array, nowMs: number, options: TOTPOptions = {}): string {
  const digits = options.digits ?? 6;
  const period = options.period ?? 30;
  assertDigits(digits);
  assertPeriod(period);
  const step = stepNumber(nowMs, period);
  return decimalCode(truncatedHMAC(secret, highWord(step), step >>> 0, options.algorithm ?? 'SHA1'), digits);
}
