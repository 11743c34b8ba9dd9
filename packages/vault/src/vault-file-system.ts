import { decodeUTF8, encodeUTF8 } from './encoding.js';
import { VaultError } from './errors.js';
import { type RandomBytes, systemRandom } from './random.js';

/** The file operations a vault needs, injected so the same code runs in Node, tests and other hosts. */
export interface VaultFileSystem {
  /** The file's bytes, or null when it does not exist. */
  readFile(path: string): Promise<Uint8Array | null>;
  /**
   * Creates a NEW file (fails when the path exists, so nobody's file or symlink is written through),
   * with owner-only permissions where the platform has them.
   */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Flushes a file, or a directory's entries, to stable storage. */
  fsync(path: string): Promise<void>;
  /** Atomically replaces `to` with `from`. */
  rename(from: string, to: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  /** Deletes a file; no error when it does not exist. */
  remove(path: string): Promise<void>;
}

/** The folder holding `path` (either separator), so its entry list can be flushed after a rename. */
function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? '.' : cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}

/**
 * Writes a vault file so that a crash at any instant leaves either the old or the new file: the new
 * text goes to a temporary file with a unique name next to it (`path.<random>.tmp`, created
 * exclusively with mode 0600, so two writers never share one and a planted file or symlink is never
 * written through), is flushed, and is renamed over `path`; the previous file is first copied (also
 * via a flushed temporary) to `path.bak`.
 */
export async function saveVaultFile(
  fs: VaultFileSystem,
  path: string,
  text: string,
  random: RandomBytes = systemRandom,
): Promise<void> {
  const unique = Array.from(random(8), (byte) => byte.toString(16).padStart(2, '0')).join('');
  const temp = `${path}.${unique}.tmp`;
  const backup = `${path}.bak`;
  const previous = await fs.readFile(path);
  if (previous !== null) {
    const backupTemp = `${backup}.${unique}.tmp`;
    await fs.copyFile(path, backupTemp);
    await fs.fsync(backupTemp);
    await fs.rename(backupTemp, backup);
  }
  await fs.writeFile(temp, encodeUTF8(text));
  await fs.fsync(temp);
  await fs.rename(temp, path);
  await fs.fsync(folderOf(path));
}

/**
 * Reads a vault file's text; null when there is none yet.
 * @throws VaultError NOT_A_VAULT when the bytes are not UTF-8 text
 */
export async function readVaultFile(fs: VaultFileSystem, path: string): Promise<string | null> {
  const bytes = await fs.readFile(path);
  if (bytes === null) return null;
  const text = decodeUTF8(bytes);
  if (text === null) throw new VaultError('NOT_A_VAULT', 'not UTF-8 text');
  return text;
}
