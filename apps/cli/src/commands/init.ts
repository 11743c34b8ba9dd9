import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Context, GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { askNewPassword } from '../password.js';
import { lockVault, readVaultText, vaultPath, writeVaultText } from '../session.js';

/**
 * `kakunin init`: creates an empty vault, never over an existing one — also when two run at once:
 * the file is checked again and written under the vault's lock, so the second sees the first's vault.
 */
export async function init(ctx: Context, options: GlobalOptions): Promise<void> {
  const path = vaultPath(ctx, options);
  if (readVaultText(path) !== null) throw new CliError('error.vaultExists', { path });
  const password = await askNewPassword(ctx, {
    fromStdin: options.passwordStdin === true,
    envName: 'KAKUNIN_PASSWORD',
  });
  const { createVault } = await import('@kakunin/vault');
  const vault = await createVault(password);
  const text = await vault.serialize();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const unlock = await lockVault(path, { exists: false });
  try {
    if (readVaultText(path) !== null) throw new CliError('error.vaultExists', { path });
    await writeVaultText(path, text);
  } finally {
    await unlock().catch(() => {});
  }
  ctx.say(ctx.t('init.created', { path }));
}
