import type { Context, GlobalOptions } from '../context.js';
import { askNewPassword } from '../password.js';
import { openSession } from '../session.js';

/**
 * `kakunin passwd`: re-wraps the vault's master key under a new password. With --password-stdin the
 * first line is the current password and the second the new one; KAKUNIN_NEW_PASSWORD serves scripts.
 */
export async function passwd(ctx: Context, options: GlobalOptions): Promise<void> {
  const session = await openSession(ctx, options, { write: true });
  const password = await askNewPassword(ctx, {
    fromStdin: options.passwordStdin === true,
    envName: 'KAKUNIN_NEW_PASSWORD',
  });
  await session.vault.changePassword(password);
  await session.save();
  ctx.say(ctx.t('passwd.done'));
}
