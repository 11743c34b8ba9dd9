import { randomBytes } from 'node:crypto';
import { hashToken } from './tokens.js';

export const RECOVERY_CODE_COUNT = 10;
// Crockford-style alphabet without I, L, O, U: codes are read from paper and typed by hand.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Generates recovery codes like `k3m9q-7xw2p` (10 characters of 5 bits = 50 bits each); high entropy
 * is why a plain SHA-256 is an adequate hash for them.
 */
export function generateRecoveryCodes(
  count: number = RECOVERY_CODE_COUNT,
  random: (n: number) => Uint8Array = randomBytes,
): string[] {
  return Array.from({ length: count }, () => {
    const bytes = random(10);
    const chars = Array.from(bytes, (byte) => ALPHABET[byte & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The canonical form of a typed code: lower case, no spaces or dashes; undefined if it cannot be one. */
export function normalizeRecoveryCode(input: string): string | undefined {
  // Characters left out of the alphabet are read as the ones they look like.
  const text = input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s-]/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0');
  return /^[0-9a-z]{10}$/.test(text) ? text : undefined;
}

/** The stored hash of a recovery code (normalised first). */
export function hashRecoveryCode(code: string): string {
  return hashToken(`kakunin-recovery:${normalizeRecoveryCode(code) ?? code}`);
}
