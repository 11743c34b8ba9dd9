import { open, readFile } from 'node:fs/promises';
import { CliError } from './errors.js';
import type { MessageKey } from './i18n/en.js';

// System error codes people meet with files, told in words; any other keeps its code.
const FILE_PROBLEMS: Readonly<Record<string, MessageKey>> = {
  ENOENT: 'error.fileMissing',
  EACCES: 'error.fileDenied',
  EPERM: 'error.fileDenied',
  EISDIR: 'error.fileIsDirectory',
  ENOSPC: 'error.diskFull',
};

/** A failed read or write of `file` as a clear message naming it (the system code only when unusual). */
export function fileError(
  fallback: 'error.readFile' | 'error.writeFile',
  file: string,
  error: unknown,
): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const key =
    code === 'ENOENT' && fallback === 'error.writeFile'
      ? 'error.folderMissing'
      : code === undefined
        ? undefined
        : FILE_PROBLEMS[code];
  if (key !== undefined) return new CliError(key, { file });
  return new CliError(fallback, { file, detail: code ?? (error instanceof Error ? error.message : '') });
}

/** Reads a file the user named; a missing or unreadable file is a clear error naming it. */
export async function readUserFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw fileError('error.readFile', path, error);
  }
}

/**
 * Writes an export readable by its owner only (mode 0600), since exports may hold secrets — also
 * when it replaces an existing file, whose mode `open` would otherwise keep: the mode is set before
 * the first byte is written.
 */
export async function writeUserFile(path: string, data: string | Uint8Array): Promise<void> {
  try {
    const handle = await open(path, 'w', 0o600);
    try {
      await handle.chmod(0o600);
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileError('error.writeFile', path, error);
  }
}
