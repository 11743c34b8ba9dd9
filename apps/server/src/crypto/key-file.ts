import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_FILE_NAME = 'secret.key';

/** The key file is missing, unreadable, malformed or readable by others. */
export class KeyFileError extends Error {
  readonly code = 'KEY_FILE';
}

/**
 * Returns the 32-byte master key: the configured one, or the key file in the data directory,
 * created with mode 0600 on first start (exclusive create, so two instances starting together agree).
 */
export function loadSecretKey(configured: Uint8Array | undefined, dataDir: string): Uint8Array {
  if (configured) return configured;
  const path = join(dataDir, KEY_FILE_NAME);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, `${Buffer.from(randomBytes(32)).toString('hex')}\n`);
    } finally {
      closeSync(fd);
    }
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') {
      throw new KeyFileError(`cannot create the key file ${path}: ${(error as Error).message}`);
    }
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new KeyFileError(`the key file ${path} is readable by other users; run: chmod 600 ${path}`);
  }
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new KeyFileError(
      `the key file ${path} is damaged (expected 64 hex digits); restore it from a backup`,
    );
  }
  return new Uint8Array(Buffer.from(text, 'hex'));
}
