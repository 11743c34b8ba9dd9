import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readVaultFile, saveVaultFile, type VaultFileSystem } from '../src/index.js';
import { nodeFileSystem } from '../src/node.js';

/** Files in memory; `crashAfter` stops the world after that many completed operations. */
function memoryFileSystem(files: Map<string, Uint8Array>, crashAfter = Number.POSITIVE_INFINITY) {
  const log: string[] = [];
  const step = (entry: string): void => {
    if (log.length >= crashAfter) throw new Error('power cut');
    log.push(entry);
  };
  const fs: VaultFileSystem = {
    readFile: async (path) => files.get(path) ?? null,
    writeFile: async (path, data) => {
      step(`write ${path}`);
      files.set(path, data);
    },
    fsync: async (path) => step(`fsync ${path}`),
    rename: async (from, to) => {
      const data = files.get(from);
      if (!data) throw new Error(`no ${from}`);
      step(`rename ${from} ${to}`);
      files.delete(from);
      files.set(to, data);
    },
    copyFile: async (from, to) => {
      const data = files.get(from);
      if (!data) throw new Error(`no ${from}`);
      step(`copy ${from} ${to}`);
      files.set(to, data.slice());
    },
    remove: async (path) => {
      step(`remove ${path}`);
      files.delete(path);
    },
  };
  return { fs, log };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const textOf = (data: Uint8Array | undefined): string | undefined => data && new TextDecoder().decode(data);

describe('saveVaultFile', () => {
  it('writes a uniquely named temporary file, flushes it, renames it over the vault and keeps the previous one as .bak', async () => {
    const files = new Map([['/d/vault.json', bytes('old')]]);
    const { fs, log } = memoryFileSystem(files);
    await saveVaultFile(fs, '/d/vault.json', 'new', (n) => new Uint8Array(n).fill(0xab));
    const unique = 'ab'.repeat(8);
    expect(log).toEqual([
      `copy /d/vault.json /d/vault.json.bak.${unique}.tmp`,
      `fsync /d/vault.json.bak.${unique}.tmp`,
      `rename /d/vault.json.bak.${unique}.tmp /d/vault.json.bak`,
      `write /d/vault.json.${unique}.tmp`,
      `fsync /d/vault.json.${unique}.tmp`,
      `rename /d/vault.json.${unique}.tmp /d/vault.json`,
      'fsync /d',
    ]);
    expect(textOf(files.get('/d/vault.json'))).toBe('new');
    expect(textOf(files.get('/d/vault.json.bak'))).toBe('old');
    expect([...files.keys()].sort()).toEqual(['/d/vault.json', '/d/vault.json.bak']);
  });

  it('leaves the old or the new vault, never neither, when the power goes at any step', async () => {
    for (let crashAfter = 0; crashAfter <= 7; crashAfter++) {
      const files = new Map([
        ['/d/vault.json', bytes('old')],
        ['/d/vault.json.tmp', bytes('half-written leftover')],
      ]);
      const { fs } = memoryFileSystem(files, crashAfter);
      await saveVaultFile(fs, '/d/vault.json', 'new').catch(() => undefined);
      expect(['old', 'new']).toContain(textOf(files.get('/d/vault.json')));
      expect([undefined, 'old']).toContain(textOf(files.get('/d/vault.json.bak')));
      const done = crashAfter === 7;
      expect(textOf(files.get('/d/vault.json'))).toBe(done || crashAfter === 6 ? 'new' : 'old');
    }
  });

  it('creates the first vault without a backup', async () => {
    const files = new Map<string, Uint8Array>();
    const { fs } = memoryFileSystem(files);
    await saveVaultFile(fs, 'vault.json', 'first');
    expect([...files.keys()]).toEqual(['vault.json']);
    expect(await readVaultFile(fs, 'vault.json')).toBe('first');
    expect(await readVaultFile(fs, 'missing.json')).toBeNull();
  });

  it('refuses bytes that are not UTF-8 text', async () => {
    const { fs } = memoryFileSystem(new Map([['v', Uint8Array.of(0xff, 0xfe)]]));
    await expect(readVaultFile(fs, 'v')).rejects.toMatchObject({ code: 'NOT_A_VAULT' });
  });
});

describe('nodeFileSystem', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('saves on disk with owner-only permissions, a .bak of the previous file and no temporary left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kakunin-vault-'));
    dirs.push(dir);
    const path = join(dir, 'vault.json');
    expect(await readVaultFile(nodeFileSystem, path)).toBeNull();
    await saveVaultFile(nodeFileSystem, path, 'one');
    await saveVaultFile(nodeFileSystem, path, 'two ✓');
    expect(await readVaultFile(nodeFileSystem, path)).toBe('two ✓');
    expect(await readFile(`${path}.bak`, 'utf8')).toBe('one');
    expect((await readdir(dir)).sort()).toEqual(['vault.json', 'vault.json.bak']);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    await nodeFileSystem.remove(`${path}.bak`);
    await nodeFileSystem.remove(`${path}.bak`);
    expect(await nodeFileSystem.readFile(`${path}.bak`)).toBeNull();
  });
});
