import { createHmac } from 'node:crypto';
import type { Algorithm } from './account.js';

const NAMES: Record<Algorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512', MD5: 'md5' };

/** HMAC with Node's native crypto (chosen by the `node` import condition). Synchronous. */
export function hmac(algorithm: Algorithm, key: Uint8Array, message: Uint8Array): Uint8Array {
  const name = NAMES[algorithm];
  if (name === undefined) throw new RangeError(`Unknown algorithm: ${String(algorithm)}`);
  return createHmac(name, key).update(message).digest();
}
