import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scrypt } from '#scrypt';
import type { RandomBytes, ScryptFunction } from '../src/index.js';

/**
 * The platform scrypt with results remembered, so tests that open the same vault many times pay for
 * each (password, salt, parameters) once; every new salt or password still runs the real scrypt.
 */
export function rememberingScrypt(): ScryptFunction & { calls: number } {
  const known = new Map<string, Promise<Uint8Array>>();
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  const remembered = Object.assign(
    (password: Uint8Array, salt: Uint8Array, params: Parameters<ScryptFunction>[2]) => {
      const key = `${hex(password)}/${hex(salt)}/${params.N}/${params.r}/${params.p}/${params.dkLen}`;
      let result = known.get(key);
      if (!result) {
        remembered.calls++;
        result = scrypt(password, salt, params);
        known.set(key, result);
      }
      return result.then((bytes) => bytes.slice());
    },
    { calls: 0 },
  );
  return remembered;
}

/** A deterministic byte source (xorshift32) for tests that need to repeat a run exactly. */
export function seededRandom(seed: number): RandomBytes {
  let state = seed >>> 0 || 1;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      out[i] = state & 0xff;
    }
    return out;
  };
}

/** The shared interop corpus (../shared/interop next to the repository), or null when absent. */
export function interopFile(name: string): string | null {
  const path = fileURLToPath(new URL(`../../../../shared/interop/files/${name}`, import.meta.url));
  return existsSync(path) ? path : null;
}
