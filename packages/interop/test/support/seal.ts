/**
 * Writers for other apps' encrypted backups, built from their published layouts, so tests can make
 * fixtures without copying real files. Deterministic: salts and IVs are passed in.
 */
import { encodeBase64 } from '../../src/bytes.ts';
import {
  aesCbcSeal,
  aesGcmSeal,
  pbkdf2AesKey,
  pbkdf2Bytes,
  rawAesKey,
  sha256Text,
} from '../../src/crypto.ts';

const utf8 = (t: string): Uint8Array => new TextEncoder().encode(t);

/** 2FAS: base64(ciphertext+tag):base64(salt):base64(iv), PBKDF2-HMAC-SHA256 10,000 iterations. */
export async function twoFASSeal(
  plain: string,
  password: string,
  salt: Uint8Array,
  iv: Uint8Array,
): Promise<string> {
  const key = await pbkdf2AesKey(password, salt, 10_000, 'SHA-256');
  const sealed = await aesGcmSeal(key, iv, utf8(plain));
  return [sealed, salt, iv].map(encodeBase64).join(':');
}

/** andOTP: iterations (u32 BE) | salt 12 | IV 12 | ciphertext+tag, PBKDF2-HMAC-SHA1. */
export async function andOTPSeal(plain: string, password: string, iterations: number): Promise<Uint8Array> {
  const salt = new Uint8Array(12).fill(7);
  const iv = new Uint8Array(12).fill(9);
  const key = await pbkdf2AesKey(password, salt, iterations, 'SHA-1');
  const sealed = await aesGcmSeal(key, iv, utf8(plain));
  const out = new Uint8Array(28 + sealed.length);
  new DataView(out.buffer).setUint32(0, iterations);
  out.set(salt, 4);
  out.set(iv, 16);
  out.set(sealed, 28);
  return out;
}

/** Old andOTP: IV 12 | ciphertext+tag, key = SHA-256(password). */
export async function andOTPLegacySeal(plain: string, password: string): Promise<Uint8Array> {
  const iv = new Uint8Array(12).fill(3);
  const key = await rawAesKey(await sha256Text(password));
  const sealed = await aesGcmSeal(key, iv, utf8(plain));
  const out = new Uint8Array(12 + sealed.length);
  out.set(iv);
  out.set(sealed, 12);
  return out;
}

/** The parts one after another in one array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Stratum's current encrypted backup: "AUTHENTICATORPRO" | salt (16) | IV (12) | AES-256-GCM, key
 * Argon2id(password, salt; 3 passes, 64 MiB, 4 lanes). hash-wasm is imported when called, so a test
 * that replaces it (with a faster stand-in) seals with the stand-in too.
 */
export async function stratumSeal(plain: Uint8Array, password: string, salt: Uint8Array, iv: Uint8Array) {
  const { argon2id } = await import('hash-wasm');
  const key = await argon2id({
    password,
    salt,
    parallelism: 4,
    iterations: 3,
    memorySize: 65536,
    hashLength: 32,
    outputType: 'binary',
  });
  return concatBytes(utf8('AUTHENTICATORPRO'), salt, iv, await aesGcmSeal(await rawAesKey(key), iv, plain));
}

/** Stratum's legacy encrypted backup: "AuthenticatorPro" | salt (20) | IV (16) | AES-256-CBC, PBKDF2-SHA1 64,000. */
export async function stratumLegacySeal(
  plain: Uint8Array,
  password: string,
  salt: Uint8Array,
  iv: Uint8Array,
) {
  const key = await pbkdf2Bytes(password, salt, 64_000, 'SHA-1', 32);
  return concatBytes(utf8('AuthenticatorPro'), salt, iv, await aesCbcSeal(key, iv, plain));
}
