import { createHmac, randomBytes } from 'node:crypto';
import { hashToken } from './tokens.js';

export const RECOVERY_CODE_COUNT = 10;
/** Characters of a new code: 16 of 5 bits = 80 bits (NIST SP 800-63B §5.1.2 look-up secrets: ≥ 64). */
export const RECOVERY_CODE_LENGTH = 16;
/** Codes handed out before 0.2 have 10 characters (50 bits); they keep working until used or replaced. */
const LEGACY_CODE_LENGTH = 10;
// Crockford-style alphabet without I, L, O, U: codes are read from paper and typed by hand.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** Prefix of a stored keyed digest; a value without it is a digest written by an older release. */
const KEYED_PREFIX = 'h1:';

/**
 * Generates recovery codes like `k3m9-q7xw-2pzd-8fhn`: 16 characters of 5 bits (80 bits), in four
 * groups of four that are easy to read out and type.
 */
export function generateRecoveryCodes(
  count: number = RECOVERY_CODE_COUNT,
  random: (n: number) => Uint8Array = randomBytes,
): string[] {
  return Array.from({ length: count }, () => {
    // 256 is a multiple of 32: `byte & 31` is uniform over the alphabet.
    const chars = Array.from(random(RECOVERY_CODE_LENGTH), (byte) => ALPHABET[byte & 31]).join('');
    return (chars.match(/.{4}/g) ?? []).join('-');
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
  const length = text.length === RECOVERY_CODE_LENGTH || text.length === LEGACY_CODE_LENGTH;
  return length && /^[0-9a-z]+$/.test(text) ? text : undefined;
}

/** The unkeyed SHA-256 digest older releases stored (hex); the input of the keyed digest. */
export function legacyRecoveryCodeDigest(code: string): string {
  return hashToken(`kakunin-recovery:${normalizeRecoveryCode(code) ?? code}`);
}

/**
 * What the database stores for a code: HMAC-SHA-256 under a key derived from the master key, over the
 * older unkeyed digest — so a copy of the database alone cannot test guesses, and a digest an older
 * release stored can be upgraded in place without knowing its code (`upgradeLegacyDigest`).
 */
export function recoveryCodeDigest(key: Uint8Array, code: string): string {
  return upgradeLegacyDigest(key, legacyRecoveryCodeDigest(code));
}

/** The keyed digest for a stored unkeyed one. */
export function upgradeLegacyDigest(key: Uint8Array, legacyDigest: string): string {
  return `${KEYED_PREFIX}${createHmac('sha256', key).update(legacyDigest, 'utf8').digest('hex')}`;
}

/** Whether a stored value is an older release's unkeyed digest. */
export function isLegacyDigest(stored: string): boolean {
  return !stored.startsWith(KEYED_PREFIX);
}

/** The key recovery-code digests are made with, derived from the master key for this one purpose. */
export function deriveRecoveryCodeKey(masterKey: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', masterKey).update('kakunin/recovery-codes/v1').digest());
}
