import { textOf } from '../bytes.js';
import { aesCbcOpen, aesGcmOpen, pbkdf2Bytes, rawAesKey } from '../crypto.js';
import { ImportError } from '../errors.js';
import type { ReadResult } from '../types.js';
import { damaged, isRecord, parseJSON } from './entry.js';
import { readStratum } from './stratum.js';

/**
 * Stratum (formerly Authenticator Pro) encrypted backups. Current: "AUTHENTICATORPRO" | salt (16) | IV (12)
 * | AES-256-GCM ciphertext+tag, key Argon2id(password, salt; 3 passes, 64 MiB, 4 lanes, 32 bytes). Legacy:
 * "AuthenticatorPro" | salt (20) | IV (16) | AES-256-CBC/PKCS#7, key PBKDF2-HMAC-SHA1(password, salt,
 * 64,000 iterations). Either decrypts to the plain JSON backup. Argon2id comes from hash-wasm (about three
 * times as fast as a pure-JavaScript Argon2 here; see docs/benchmarks.md), loaded only for such a file.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/StratumImporter.java
 */

const HEADER = 16;

async function argon2Key(password: string, salt: Uint8Array): Promise<Uint8Array> {
  const { argon2id } = await import('hash-wasm');
  return argon2id({
    password,
    salt,
    parallelism: 4,
    iterations: 3,
    memorySize: 65536,
    hashLength: 32,
    outputType: 'binary',
  });
}

async function decrypt(bytes: Uint8Array, password: string): Promise<Uint8Array | null> {
  const legacy = textOf(bytes.subarray(0, HEADER)) === 'AuthenticatorPro';
  if (legacy) {
    if (bytes.length < HEADER + 20 + 16 + 16) throw damaged('the backup is cut off');
    const salt = bytes.subarray(HEADER, HEADER + 20);
    const key = await pbkdf2Bytes(password, salt, 64_000, 'SHA-1', 32);
    return aesCbcOpen(key, bytes.subarray(HEADER + 20, HEADER + 36), bytes.subarray(HEADER + 36));
  }
  if (bytes.length < HEADER + 16 + 12 + 16) throw damaged('the backup is cut off');
  const key = await rawAesKey(await argon2Key(password, bytes.subarray(HEADER, HEADER + 16)));
  return aesGcmOpen(key, bytes.subarray(HEADER + 16, HEADER + 28), bytes.subarray(HEADER + 28));
}

/** Decrypt and read an encrypted Stratum backup. */
export async function readStratumEncrypted(
  bytes: Uint8Array,
  password: string | undefined,
): Promise<ReadResult> {
  if (password === undefined) throw new ImportError('PASSWORD_REQUIRED', { app: 'Stratum' });
  const plain = await decrypt(bytes, password);
  const json = plain === null ? null : parseJSON(textOf(plain) ?? '');
  // CBC padding passes by chance about once in 256 wrong keys; the JSON check catches that.
  if (plain === null || (!isRecord(json) && textOf(plain) === null)) throw new ImportError('WRONG_PASSWORD');
  if (!isRecord(json)) throw damaged('the decrypted backup is not JSON');
  return { ...readStratum(json), format: 'stratum-encrypted' };
}
