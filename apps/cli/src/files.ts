import { readFile, writeFile } from 'node:fs/promises';
import { CliError } from './errors.js';

/** Reads a file the user named; a missing or unreadable file is a clear error naming it. */
export async function readUserFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new CliError('error.readFile', { file: path, detail: (error as NodeJS.ErrnoException).code ?? '' });
  }
}

/** Writes an export readable by its owner only (mode 0600), since exports may hold secrets. */
export async function writeUserFile(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(path, data, { mode: 0o600 });
  } catch (error) {
    throw new CliError('error.writeFile', {
      file: path,
      detail: (error as NodeJS.ErrnoException).code ?? '',
    });
  }
}
