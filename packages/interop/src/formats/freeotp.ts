import { aesGcmOpen, type PBKDF2Hash, pbkdf2AesKey, rawAesKey } from '../crypto.js';
import { ImportError } from '../errors.js';
import type { ReadResult } from '../types.js';
import type { Prefs } from './android-prefs.js';
import { convertEntries, damaged, isRecord, type JSONRecord, num, parseJSON, str } from './entry.js';
import { secretBytes, tokenAccount } from './freeotp-plus.js';
import { readJavaStringMap } from './java-map.js';

/**
 * FreeOTP. Version 1 keeps its tokens in `/data/data/org.fedorahosted.freeotp/shared_prefs/tokens.xml` (a
 * rooted phone): one preference per token, its value the token JSON (FreeOTP+'s layout: signed-byte
 * `secret`, `issuerExt`, `label`, `algo`, `digits`, `period`, `counter`, `type`) plus `tokenOrder`.
 * Version 2's backup (`externalBackup.xml`, shared from the app) is a serialized Java HashMap: `masterKey`
 * holds a random AES key wrapped with AES-GCM under PBKDF2(password) (`mAlgorithm`, `mIterations`,
 * `mSalt`); each token's secret is wrapped under that master key (`<uuid>` → `{ key }`) and its other
 * fields are in `<uuid>-token`. Wrapped keys carry their nonce in DER `mParameters` and use `mToken` as
 * associated data.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/FreeOtpImporter.java
 */

function ordered(tokens: Map<string, JSONRecord>, order: unknown): JSONRecord[] {
  const names = Array.isArray(order) ? order.filter((n): n is string => typeof n === 'string') : [];
  const first = names.flatMap((n) => (tokens.has(n) ? [tokens.get(n)!] : []));
  return [...first, ...[...tokens].filter(([n]) => !names.includes(n)).map(([, t]) => t)];
}

function readTokens(tokens: JSONRecord[], format: 'freeotp' | 'freeotp-encrypted'): ReadResult {
  const where = (t: JSONRecord, i: number): string => `token ${i + 1} (${str(t, 'issuerExt')})`;
  return { format, pages: [], ...convertEntries(tokens, where, tokenAccount) };
}

/** Read FreeOTP 1's tokens.xml. */
export function readFreeOTPPrefs(prefs: Prefs): ReadResult {
  const tokens = new Map<string, JSONRecord>();
  for (const [name, value] of prefs) {
    if (name === 'tokenOrder') continue;
    const token = parseJSON(value);
    if (!isRecord(token)) throw damaged(`token "${name}" is not JSON`);
    tokens.set(name, token);
  }
  return readTokens(ordered(tokens, parseJSON(prefs.get('tokenOrder') ?? '[]')), 'freeotp');
}

/** The nonce in DER `mParameters`: an OCTET STRING, alone or inside a SEQUENCE (GCMParameters). */
function nonceOf(der: Uint8Array, where: string): Uint8Array {
  let at = der[0] === 0x30 ? 2 : 0;
  while (at + 2 <= der.length) {
    const [tag, length] = [der[at]!, der[at + 1]!];
    if (length > 0x7f) break;
    if (tag === 0x04) return der.subarray(at + 2, at + 2 + length);
    at += 2 + length;
  }
  throw damaged(`${where}: no nonce in the key parameters`);
}

interface Wrapped {
  cipherText: Uint8Array;
  nonce: Uint8Array;
  token: Uint8Array;
}

function wrappedOf(value: unknown, where: string): Wrapped {
  if (!isRecord(value) || value.mCipher !== 'AES/GCM/NoPadding')
    throw damaged(`${where}: not an AES-GCM wrapped key`);
  return {
    cipherText: secretBytes(value.mCipherText, where),
    nonce: nonceOf(secretBytes(value.mParameters, where), where),
    token: new TextEncoder().encode(str(value, 'mToken')),
  };
}

const HASHES: Record<string, PBKDF2Hash> = { PBKDF2withHmacSHA1: 'SHA-1', PBKDF2withHmacSHA512: 'SHA-512' };

async function masterKey(map: Map<string, string>, password: string): Promise<CryptoKey> {
  const master = parseJSON(map.get('masterKey') ?? '');
  if (!isRecord(master)) throw damaged('the backup has no master key');
  const hash = HASHES[str(master, 'mAlgorithm')];
  if (hash === undefined) throw damaged(`unknown key derivation "${str(master, 'mAlgorithm')}"`);
  const wrapped = wrappedOf(master.mEncryptedKey, 'the master key');
  const iterations = num(master, 'mIterations') ?? 0;
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > 10_000_000)
    throw damaged('invalid iteration count');
  const kek = await pbkdf2AesKey(password, secretBytes(master.mSalt, 'the salt'), iterations, hash);
  const key = await aesGcmOpen(kek, wrapped.nonce, wrapped.cipherText, wrapped.token);
  if (key === null) throw new ImportError('WRONG_PASSWORD');
  return rawAesKey(key);
}

/** Decrypt and read a FreeOTP 2 backup. */
export async function readFreeOTPBackup(
  bytes: Uint8Array,
  password: string | undefined,
): Promise<ReadResult> {
  const map = readJavaStringMap(bytes);
  if (!map.has('masterKey'))
    throw new ImportError('UNKNOWN_FORMAT', { detail: 'serialized Java data, not a FreeOTP backup' });
  if (password === undefined) throw new ImportError('PASSWORD_REQUIRED', { app: 'FreeOTP' });
  const key = await masterKey(map, password);
  const tokens: JSONRecord[] = [];
  for (const [name, value] of map) {
    if (name === 'masterKey' || name.endsWith('-token')) continue;
    const where = `token ${tokens.length + 1}`;
    const token = parseJSON(map.get(`${name}-token`) ?? '');
    const sealed = parseJSON(value);
    if (!isRecord(token) || !isRecord(sealed)) throw damaged(`${where}: its entries are not JSON`);
    const wrapped = wrappedOf(parseJSON(str(sealed, 'key')), where);
    const secret = await aesGcmOpen(key, wrapped.nonce, wrapped.cipherText, wrapped.token);
    if (secret === null) throw damaged(`${where}: the secret fails its integrity check`);
    tokens.push({ ...token, secret: [...secret] });
  }
  return readTokens(tokens, 'freeotp-encrypted');
}
