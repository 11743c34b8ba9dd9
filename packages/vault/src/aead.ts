import type { RandomBytes } from './random.js';

/** AES-256-GCM parameters as the vault stores them: a 96-bit nonce and the 128-bit tag kept apart. */
export interface SealedBox {
  ciphertext: Uint8Array;
  nonce: Uint8Array;
  tag: Uint8Array;
}

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

// WebCrypto wants buffers it can own (ArrayBuffer-backed), not any ArrayBufferLike view.
const owned = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

/** Imports a raw 256-bit key for AES-GCM; the key cannot be read back out of WebCrypto. */
export function importAESKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== KEY_BYTES) throw new RangeError(`AES-256 key must be ${KEY_BYTES} bytes`);
  return subtle().importKey('raw', owned(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Encrypts with AES-256-GCM under a fresh random nonce (no associated data, as Aegis does). */
export async function seal(key: CryptoKey, plaintext: Uint8Array, random: RandomBytes): Promise<SealedBox> {
  const nonce = random(NONCE_BYTES);
  if (nonce.length !== NONCE_BYTES) throw new RangeError('random source returned the wrong number of bytes');
  const out = new Uint8Array(
    await subtle().encrypt(
      { name: 'AES-GCM', iv: owned(nonce), tagLength: TAG_BYTES * 8 },
      key,
      owned(plaintext),
    ),
  );
  const split = out.length - TAG_BYTES;
  return { ciphertext: out.slice(0, split), nonce, tag: out.slice(split) };
}

/**
 * Decrypts and authenticates; returns null when the tag does not match (wrong key or changed bytes),
 * so callers decide whether that means a wrong password or a damaged file.
 */
export async function open(key: CryptoKey, box: SealedBox): Promise<Uint8Array | null> {
  if (box.nonce.length !== NONCE_BYTES || box.tag.length !== TAG_BYTES) return null;
  const joined = new Uint8Array(box.ciphertext.length + TAG_BYTES);
  joined.set(box.ciphertext);
  joined.set(box.tag, box.ciphertext.length);
  try {
    const iv = owned(box.nonce);
    return new Uint8Array(
      await subtle().decrypt({ name: 'AES-GCM', iv, tagLength: TAG_BYTES * 8 }, key, joined),
    );
  } catch {
    return null;
  }
}
