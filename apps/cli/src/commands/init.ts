import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Context, GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { askNewPassword } from '../password.js';
import { readVaultText, vaultPath, writeVaultText } from '../session.js';

/** `kakunin init`: creates an empty vault (never over an existing one). */
export async function init(ctx: Context, options: GlobalOptions): Promise<void> {
  const path = vaultPath(ctx, options);
  if ((await readVaultText(path)) !== null) throw new CliError('error.vaultExists', { path });
  const password = await askNewPassword(ctx, {
    fromStdin: options.passwordStdin === true,
    envName: 'KAKUNIN_PASSWORD',
  });
  const { createVault } = await import('@kakunin/vault');
  const vault = await createVault(password);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeVaultText(path, await vault.serialize());
  ctx.say(ctx.t('init.created', { path }));
}
