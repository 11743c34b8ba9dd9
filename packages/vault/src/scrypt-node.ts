import { scrypt as nodeScrypt } from 'node:crypto';
import { type ScryptFunction, scryptMemory } from './scrypt-params.js';

const MIN_MAXMEM = 64 * 1024 * 1024;

/** scrypt from node:crypto, run on the libuv thread pool so the event loop stays free. */
export const scrypt: ScryptFunction = (password, salt, params) =>
  new Promise((resolve, reject) => {
    const maxmem = Math.max(MIN_MAXMEM, 2 * scryptMemory(params));
    nodeScrypt(
      password,
      salt,
      params.dkLen,
      { N: params.N, r: params.r, p: params.p, maxmem },
      (error, key) =>
        error ? reject(error) : resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength)),
    );
  });
