import { hmac as nobleHMAC } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { Algorithm } from './account.js';

const HASHES = { SHA1: sha1, SHA256: sha256, SHA512: sha512, MD5: md5 } as const;

/** HMAC with @noble/hashes for browsers and other runtimes (the `default` import condition). Synchronous. */
export function hmac(algorithm: Algorithm, key: Uint8Array, message: Uint8Array): Uint8Array {
  const hash = HASHES[algorithm];
  if (hash === undefined) throw new RangeError(`Unknown algorithm: ${String(algorithm)}`);
  return nobleHMAC(hash, key, message);
}
