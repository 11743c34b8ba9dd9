/**
 * Password-based decryption used by other apps' encrypted backups, on WebCrypto (browser and Node alike).
 * AES-GCM ciphertexts carry their 16-byte tag at the end, as Java's and WebCrypto's GCM both produce.
 */

export type PBKDF2Hash = 'SHA-1' | 'SHA-256' | 'SHA-512';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

// WebCrypto wants ArrayBuffer-backed views; copying also detaches us from callers' buffers.
const buf = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

/** Derive an AES-256-GCM key from a password with PBKDF2. @see RFC 8018 §5.2 */
export async function pbkdf2AesKey(
  password: string,
  salt: Uint8Array,
  iterations: number,
  hash: PBKDF2Hash,
): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return subtle().deriveKey(
    { name: 'PBKDF2', salt: buf(salt), iterations, hash },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['decrypt', 'encrypt'],
  );
}

/** Import 32 raw bytes as an AES-256-GCM key. */
export function rawAesKey(key: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('raw', buf(key), 'AES-GCM', false, ['decrypt', 'encrypt']);
}

/** SHA-256 of a UTF-8 string (andOTP's legacy key). */
export async function sha256Text(text: string): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', new TextEncoder().encode(text)));
}

/** AES-GCM decryption (with optional associated data); null when the tag does not verify. */
export async function aesGcmOpen(
  key: CryptoKey,
  iv: Uint8Array,
  sealed: Uint8Array,
  additionalData?: Uint8Array,
): Promise<Uint8Array | null> {
  const params: AesGcmParams = { name: 'AES-GCM', iv: buf(iv) };
  if (additionalData !== undefined) params.additionalData = buf(additionalData);
  try {
    return new Uint8Array(await subtle().decrypt(params, key, buf(sealed)));
  } catch {
    return null;
  }
}

/** PBKDF2 output bytes (for formats that use the key outside AES-GCM). @see RFC 8018 §5.2 */
export async function pbkdf2Bytes(
  password: string | Uint8Array,
  salt: Uint8Array,
  iterations: number,
  hash: PBKDF2Hash,
  length: number,
): Promise<Uint8Array> {
  const secret = typeof password === 'string' ? new TextEncoder().encode(password) : buf(password);
  const base = await subtle().importKey('raw', buf(secret), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'PBKDF2', salt: buf(salt), iterations, hash },
    base,
    length * 8,
  );
  return new Uint8Array(bits);
}

/** AES-CBC with PKCS#7 padding; null when the padding is wrong (wrong key or altered data). */
export async function aesCbcOpen(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Promise<Uint8Array | null> {
  if (data.length === 0 || data.length % 16 !== 0) return null;
  try {
    const cryptoKey = await subtle().importKey('raw', buf(key), 'AES-CBC', false, ['decrypt']);
    return new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv: buf(iv) }, cryptoKey, buf(data)));
  } catch {
    return null;
  }
}

/** AES-CBC encryption with PKCS#7 padding (tests build fixtures with it). */
export async function aesCbcSeal(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await subtle().importKey('raw', buf(key), 'AES-CBC', false, ['encrypt']);
  return new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: buf(iv) }, cryptoKey, buf(plain)));
}

/** AES-GCM encryption returning ciphertext with the tag appended. */
export async function aesGcmSeal(
  key: CryptoKey,
  iv: Uint8Array,
  plain: Uint8Array,
  additionalData?: Uint8Array,
): Promise<Uint8Array> {
  const params: AesGcmParams = { name: 'AES-GCM', iv: buf(iv) };
  if (additionalData !== undefined) params.additionalData = buf(additionalData);
  return new Uint8Array(await subtle().encrypt(params, key, buf(plain)));
}
