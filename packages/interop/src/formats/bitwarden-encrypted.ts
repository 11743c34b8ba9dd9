import { decodeBase64, textOf } from '../bytes.js';
import { aesCbcOpen, pbkdf2Bytes } from '../crypto.js';
import { ImportError } from '../errors.js';
import type { ReadResult } from '../types.js';
import { readBitwardenJSON } from './bitwarden.js';
import { damaged, isRecord, type JSONRecord, num, parseJSON, str } from './entry.js';

/**
 * Bitwarden's password-protected JSON export: `{ encrypted: true, passwordProtected: true, salt, kdfType,
 * kdfIterations, kdfMemory, kdfParallelism, encKeyValidation_DO_NOT_EDIT, data }`. The key is
 * PBKDF2-HMAC-SHA256(password, salt, kdfIterations) for kdfType 0, or Argon2id(password, SHA-256(salt);
 * kdfIterations passes, kdfMemory MiB, kdfParallelism lanes) for kdfType 1, stretched with HKDF-Expand
 * (SHA-256, info "enc" and "mac") into an AES-256-CBC key and an HMAC-SHA256 key. `data` and the
 * validation value are "2.iv|ciphertext|mac" (base64; type 2 = AES-CBC-256 + HMAC-SHA256 over iv‖ciphertext);
 * `data` holds the unencrypted JSON export. The HMAC tells a wrong password from a good one before
 * anything is decrypted. "Account restricted" exports are encrypted with the account's own key, which the
 * file does not hold: they are refused by name.
 * @see https://bitwarden.com/help/encrypted-export/
 */

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const buf = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

interface EncString {
  iv: Uint8Array;
  data: Uint8Array;
  mac: Uint8Array;
}

function encString(text: string, what: string): EncString {
  const m = /^2\.([^|]+)\|([^|]+)\|([^|]+)$/.exec(text);
  if (m === null) throw damaged(`${what} is not an AES-CBC + HMAC (type 2) value`);
  return { iv: decodeBase64(m[1]!, what), data: decodeBase64(m[2]!, what), mac: decodeBase64(m[3]!, what) };
}

async function masterKey(json: JSONRecord, password: string): Promise<Uint8Array> {
  const salt = new TextEncoder().encode(str(json, 'salt'));
  const iterations = num(json, 'kdfIterations') ?? 0;
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > 10_000_000)
    throw damaged('invalid kdfIterations');
  const kdf = num(json, 'kdfType', 0);
  if (kdf === 0) return pbkdf2Bytes(password, salt, iterations, 'SHA-256', 32);
  if (kdf !== 1)
    throw new ImportError('UNSUPPORTED_VERSION', {
      app: 'Bitwarden',
      detail: `key derivation type ${String(kdf)}`,
    });
  const memory = num(json, 'kdfMemory') ?? 0;
  const parallelism = num(json, 'kdfParallelism') ?? 0;
  if (!(memory >= 1 && memory <= 1024 && parallelism >= 1 && parallelism <= 16))
    throw damaged('invalid Argon2 parameters');
  const { argon2id } = await import('hash-wasm');
  const saltHash = new Uint8Array(await subtle().digest('SHA-256', buf(salt)));
  return argon2id({
    password,
    salt: saltHash,
    iterations,
    memorySize: memory * 1024,
    parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
}

/** HKDF-Expand (RFC 5869 §2.3) of one 32-byte block: HMAC(key, info ‖ 0x01). */
async function expand(key: Uint8Array, info: string): Promise<Uint8Array> {
  const hmac = await subtle().importKey('raw', buf(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const message = new Uint8Array([...new TextEncoder().encode(info), 1]);
  return new Uint8Array(await subtle().sign('HMAC', hmac, message));
}

/** Decrypt a type-2 value; null when its HMAC does not verify (wrong key or altered). */
async function open(value: EncString, encKey: Uint8Array, macKey: Uint8Array): Promise<Uint8Array | null> {
  const hmac = await subtle().importKey('raw', buf(macKey), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
  const signed = new Uint8Array([...value.iv, ...value.data]);
  if (!(await subtle().verify('HMAC', hmac, buf(value.mac), signed))) return null;
  return aesCbcOpen(encKey, value.iv, value.data);
}

/** Decrypt and read a password-protected Bitwarden export. */
export async function readBitwardenEncrypted(
  json: JSONRecord,
  password: string | undefined,
): Promise<ReadResult> {
  if (json.passwordProtected !== true) {
    throw new ImportError('UNSUPPORTED_VERSION', {
      app: 'Bitwarden',
      detail:
        'an "account restricted" export, which only the Bitwarden account that made it can open; export again as "password protected" or unencrypted .json',
    });
  }
  const validation = encString(str(json, 'encKeyValidation_DO_NOT_EDIT'), 'encKeyValidation_DO_NOT_EDIT');
  const data = encString(str(json, 'data'), 'data');
  if (password === undefined) throw new ImportError('PASSWORD_REQUIRED', { app: 'Bitwarden' });
  const key = await masterKey(json, password);
  const [encKey, macKey] = await Promise.all([expand(key, 'enc'), expand(key, 'mac')]);
  if ((await open(validation, encKey, macKey)) === null) throw new ImportError('WRONG_PASSWORD');
  const plain = await open(data, encKey, macKey);
  if (plain === null) throw damaged('the encrypted data fails its integrity check');
  const inner = parseJSON(textOf(plain) ?? '');
  if (!isRecord(inner) || !Array.isArray(inner.items))
    throw damaged('the decrypted export is not a Bitwarden export');
  return { ...readBitwardenJSON(inner), format: 'bitwarden-json-encrypted' };
}
