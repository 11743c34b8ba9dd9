import { randomBytes } from 'node:crypto';

/**
 * A random one-time password for a new account: groups of four lower-case letters and digits
 * (without look-alikes such as 0/o, 1/l), at least `minLength` long and never under 19 characters.
 */
export function makeOneTimePassword(minLength: number): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const groups = Math.ceil((Math.max(minLength, 19) + 1) / 5);
  const bytes = randomBytes(groups * 4);
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]);
  return Array.from({ length: groups }, (_, i) => chars.slice(i * 4, i * 4 + 4).join('')).join('-');
}
