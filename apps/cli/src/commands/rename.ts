import type { Context, GlobalOptions } from '../context.js';
import { usageError } from '../errors.js';
import { accountLabel } from '../format.js';
import { matchOne } from '../query.js';
import { openSession } from '../session.js';

/** Options of `kakunin rename`. */
export interface RenameOptions extends GlobalOptions {
  issuer?: string;
  name?: string;
}

/** `kakunin rename <query> --issuer … --name …`: relabels one account; its secret is untouched. */
export async function rename(ctx: Context, query: string, options: RenameOptions): Promise<void> {
  if (options.issuer === undefined && options.name === undefined) throw usageError('usage.renameNothing');
  const session = await openSession(ctx, options, { write: true });
  const { id } = matchOne(session.vault.entries(), query);
  const changes = {
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    ...(options.name === undefined ? {} : { name: options.name }),
  };
  const updated = session.vault.update(id, changes);
  await session.save();
  ctx.say(ctx.t('rename.done', { label: accountLabel(updated.account) }));
}
