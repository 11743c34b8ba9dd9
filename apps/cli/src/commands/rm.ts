import type { Context, GlobalOptions } from '../context.js';
import { usageError } from '../errors.js';
import { accountLabel } from '../format.js';
import { promptConfirm } from '../password.js';
import { matchOne } from '../query.js';
import { openSession } from '../session.js';

/** Options of `kakunin rm`. */
export interface RemoveOptions extends GlobalOptions {
  yes?: boolean;
}

/**
 * `kakunin rm <query> [--yes]`: removes one account after confirmation, reminding the user to delete it
 * only once it works on the new device. Without a terminal, --yes is required.
 */
export async function rm(ctx: Context, query: string, options: RemoveOptions): Promise<void> {
  const session = await openSession(ctx, options, { write: true });
  const { id, account } = matchOne(session.vault.entries(), query);
  const label = accountLabel(account);
  if (!options.yes) {
    if (!ctx.stdin.isTTY) throw usageError('error.needYes');
    if (!(await promptConfirm(ctx, ctx.t('prompt.confirmRemove', { label })))) {
      ctx.say(ctx.t('rm.kept'));
      return;
    }
  }
  session.vault.remove(id);
  await session.save();
  ctx.say(ctx.t('rm.removed', { label }));
}
