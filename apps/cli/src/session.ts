import { existsSync, readFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { openVault, saveVaultFile, type Vault, VaultError } from '@kakunin/vault';
import { nodeFileSystem } from '@kakunin/vault/node';
import type { Context, GlobalOptions } from './context.js';
import { CliError, packageFailure } from './errors.js';
import { fileError } from './files.js';
import { askPassword } from './password.js';
import { resolveVaultPath } from './paths.js';

/** An opened vault, with what is needed to write it back. */
export interface Session {
  vault: Vault;
  path: string;
  password: string;
  /** Writes the vault atomically (temp file, fsync, rename; the previous file kept as .bak). */
  save(): Promise<void>;
}

/** The vault file the options and environment point at. */
export function vaultPath(ctx: Context, globals: GlobalOptions): string {
  return resolveVaultPath(globals.vault, ctx);
}

/**
 * Reads the vault file's text, or null when there is none. Read synchronously, as the command starts
 * and has nothing else to do: no file handle and promises for one read, and Node decodes the text as
 * it reads it instead of copying the bytes for a TextDecoder.
 */
export function readVaultText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileError('error.readFile', path, error);
  }
}

/**
 * Writes vault text to a path atomically. A symlinked vault is written through to its target (the
 * link stays a link), never replaced by a regular file.
 */
export async function writeVaultText(path: string, text: string): Promise<void> {
  const target = await realpath(path).catch(() => path);
  await saveVaultFile(nodeFileSystem, target, text).catch((error: unknown) => {
    throw fileError('error.writeFile', path, error);
  });
}

/**
 * Locks the vault file (its real path, so two names of one file share the lock) for a
 * read-change-write: a second command waits for the first, instead of both reading the old file and
 * the last writer dropping the other's change. The lock is released after the save, or at exit.
 */
export async function lockVault(
  path: string,
  options: { exists?: boolean } = {},
): Promise<() => Promise<void>> {
  const { lock } = await import('proper-lockfile');
  try {
    return await lock(path, {
      // A vault about to be created has no real path yet: its lock is taken by the name given.
      realpath: options.exists !== false,
      stale: 10_000,
      retries: { retries: 100, minTimeout: 20, maxTimeout: 250, randomize: true },
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') throw new CliError('error.vaultBusy', { path });
    throw fileError('error.readFile', path, error);
  }
}

/** Turns a VaultError into the CLI's message for it (naming the file); other errors pass through. */
export function vaultFailure(ctx: Context, error: unknown, path: string): unknown {
  return error instanceof VaultError ? packageFailure(ctx.locale, 'error.vault', error, { path }) : error;
}

/**
 * Opens the vault: finds the file, gets the password, decrypts; every failure is a clear CliError.
 * `write`: the command will change it, so the file is locked before it is read, until saved.
 */
export async function openSession(
  ctx: Context,
  globals: GlobalOptions,
  options: { write?: boolean } = {},
): Promise<Session> {
  const path = vaultPath(ctx, globals);
  if (options.write && !existsSync(path)) throw new CliError('error.noVault', { path });
  const unlock = options.write ? await lockVault(path) : undefined;
  const text = readVaultText(path);
  if (text === null) throw new CliError('error.noVault', { path });
  const password = await askPassword(
    ctx,
    { fromStdin: globals.passwordStdin === true, envName: 'KAKUNIN_PASSWORD' },
    'prompt.password',
  );
  const vault = await openVault(text, password).catch((error: unknown) => {
    throw vaultFailure(ctx, error, path);
  });
  const save = async () => {
    try {
      await writeVaultText(path, await vault.serialize());
    } finally {
      await unlock?.().catch(() => {});
    }
  };
  return { vault, path, password, save };
}
