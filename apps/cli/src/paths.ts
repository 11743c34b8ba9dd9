import { isAbsolute, join } from 'node:path';

/** What the default vault location depends on. */
export interface PathEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  homedir: string;
}

/**
 * Resolves the vault file: `--vault`, else `KAKUNIN_VAULT`, else `kakunin/vault.json` in the platform's
 * data directory.
 */
export function resolveVaultPath(option: string | undefined, where: PathEnvironment): string {
  if (option) return option;
  if (where.env.KAKUNIN_VAULT) return where.env.KAKUNIN_VAULT;
  return join(dataDirectory(where), 'kakunin', 'vault.json');
}

/**
 * The user's data directory: `$XDG_DATA_HOME` when set to an absolute path, else `~/.local/share`;
 * `%APPDATA%` on Windows and `~/Library/Application Support` on macOS when XDG_DATA_HOME is unset.
 * @see XDG Base Directory Specification 0.8 (relative values are invalid and ignored)
 */
export function dataDirectory({ env, platform, homedir }: PathEnvironment): string {
  const xdg = env.XDG_DATA_HOME;
  if (xdg && isAbsolute(xdg)) return xdg;
  if (platform === 'win32') return env.APPDATA || join(homedir, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir, 'Library', 'Application Support');
  return join(homedir, '.local', 'share');
}
