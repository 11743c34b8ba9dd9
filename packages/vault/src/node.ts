import { constants } from 'node:fs';
import { copyFile, open, readFile, rename, rm } from 'node:fs/promises';
import type { VaultFileSystem } from './vault-file-system.js';

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

async function fsync(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    // Windows cannot open folders; NTFS renames are journaled, so there is nothing to flush.
    if (process.platform === 'win32') return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Vault file access with node:fs; files are created readable by their owner only (0600). */
export const nodeFileSystem: VaultFileSystem = {
  async readFile(path) {
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
  async writeFile(path, data) {
    // 'wx': exclusive create — an existing file or a symlink planted at the name fails instead.
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
  },
  fsync,
  rename: (from, to) => rename(from, to),
  // COPYFILE_EXCL: the backup's temporary file is new too.
  copyFile: (from, to) => copyFile(from, to, constants.COPYFILE_EXCL),
  remove: (path) => rm(path, { force: true }),
};
