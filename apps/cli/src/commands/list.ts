import type { Context, GlobalOptions } from '../context.js';
import { listItem, table } from '../format.js';
import { openSession } from '../session.js';

/** Options of `kakunin list`. */
export interface ListOptions extends GlobalOptions {
  json?: boolean;
}

/** `kakunin list [--json]`: the accounts and their settings, never their secrets. */
export async function list(ctx: Context, options: ListOptions): Promise<void> {
  const entries = (await openSession(ctx, options)).vault.entries();
  if (options.json) {
    ctx.print(JSON.stringify(entries.map(listItem), null, 2));
    return;
  }
  if (entries.length === 0) {
    ctx.say(ctx.t('list.empty'));
    return;
  }
  const rows = entries.map(({ id, account }) => [
    ctx.out.bold(account.issuer || '-'),
    account.name || '-',
    account.type.toUpperCase(),
    ctx.out.dim(id),
  ]);
  for (const line of table(rows)) ctx.print(line);
}
