import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Seals small secrets (TOTP keys) with AES-256-GCM; associated data binds a box to its owner. */
export interface SecretBox {
  seal(plaintext: Uint8Array, associatedData: string): Uint8Array;
  /** Throws when the box was altered, sealed with another key or belongs to another owner. */
  open(box: Uint8Array, associatedData: string): Uint8Array;
}

/** Thrown when a box cannot be opened: damaged, foreign key, or moved to another row. */
export class SecretBoxError extends Error {
  readonly code = 'SECRET_BOX_DAMAGED';
}

/**
 * A SecretBox over a 32-byte key. Layout: version (1 byte) ‖ nonce (12) ‖ ciphertext ‖ tag (16).
 * @see NIST SP 800-38D (GCM); random 96-bit nonces are fine far below 2^32 seals per key.
 */
export function createSecretBox(key: Uint8Array, random: (n: number) => Uint8Array = randomBytes): SecretBox {
  if (key.length !== 32) throw new RangeError('the secret box key must be 32 bytes');
  const keyCopy = Buffer.from(key);
  return {
    seal(plaintext, associatedData) {
      const nonce = random(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyCopy, nonce);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return new Uint8Array(Buffer.concat([Buffer.of(VERSION), nonce, body, cipher.getAuthTag()]));
    },
    open(box, associatedData) {
      if (box.length < 1 + NONCE_BYTES + TAG_BYTES || box[0] !== VERSION) {
        throw new SecretBoxError('the sealed secret is damaged or of an unknown version');
      }
      const nonce = box.subarray(1, 1 + NONCE_BYTES);
      const body = box.subarray(1 + NONCE_BYTES, box.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', keyCopy, nonce);
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(box.subarray(box.length - TAG_BYTES));
      try {
        return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
      } catch {
        throw new SecretBoxError(
          'the sealed secret cannot be opened with this key (damaged, or KAKUNIN_SECRET_KEY changed)',
        );
      }
    },
  };
}

/** Associated data for a user's TOTP key: a box copied to another user's row does not open. */
export function totpKeyContext(userId: number): string {
  return `kakunin/totp-key/v1/user:${userId}`;
}
