import { highWord, truncatedHMAC } from './hotp.js';
import { assertPeriod, stepNumber } from './totp.js';

// Steam Guard's 26-character alphabet (digits and letters that are hard to confuse).
const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';

/** Formats a truncated HMAC value as five Steam Guard characters, least significant first. */
export function steamChars(value: number): string {
  let code = '';
  for (let i = 0; i < 5; i++) {
    code += STEAM_ALPHABET[value % 26];
    value = Math.floor(value / 26);
  }
  return code;
}

/**
 * The five-character Steam Guard code at `nowMs`: a 30-second HMAC-SHA1 TOTP whose truncated value
 * is written in base 26 instead of decimal.
 */
export function steam(secret: Uint8Array, nowMs: number, period = 30): string {
  assertPeriod(period);
  const step = stepNumber(nowMs, period);
  return steamChars(truncatedHMAC(secret, highWord(step), step >>> 0, 'SHA1'));
}
