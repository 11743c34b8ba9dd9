import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_FILE_NAME = 'secret.key';

/** The key file is missing, unreadable, malformed or readable by others; the message says what to do. */
export class KeyFileError extends Error {
  readonly code = 'KEY_FILE';

  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/** Where the key file of a data directory is. */
export function keyFilePath(dataDir: string, fileName: string = KEY_FILE_NAME): string {
  return join(dataDir, fileName);
}

/**
 * The 32-byte master key from the key file in the data directory, or undefined when there is no key
 * file. Throws KeyFileError when it cannot be read, is not 64 hex digits, or others may read it.
 */
export function readKeyFile(dataDir: string, fileName: string = KEY_FILE_NAME): Uint8Array | undefined {
  const path = keyFilePath(dataDir, fileName);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return undefined;
    throw new KeyFileError(
      `cannot read the key file ${path} (${code ?? (error as Error).message}); ` +
        "make it a file the service's user can read, or set KAKUNIN_SECRET_KEY",
    );
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new KeyFileError(`the key file ${path} is readable by other users; run: chmod 600 ${path}`);
  }
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new KeyFileError(
      `the key file ${path} is damaged (expected 64 hex digits); restore it from a backup`,
    );
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/**
 * Creates the key file with a random key, mode 0600. The create is exclusive, so of two instances
 * starting together one writes and both then use what it wrote.
 */
export function createKeyFile(dataDir: string, fileName: string = KEY_FILE_NAME): Uint8Array {
  const path = keyFilePath(dataDir, fileName);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
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
  const key = readKeyFile(dataDir, fileName);
  if (!key) throw new KeyFileError(`the key file ${path} vanished while it was being created`);
  return key;
}
