import { code as codeAt, remainingMs } from '@kakunin/otp/core';
import type { Context, GlobalOptions } from '../context.js';
import { accountLabel, type CodeItem, remainingSeconds, table } from '../format.js';
import { matchSome } from '../query.js';
import { openSession } from '../session.js';

/** Options of `kakunin code`. */
export interface CodeOptions extends GlobalOptions {
  json?: boolean;
  at?: number;
}

/**
 * `kakunin code [query] [--json] [--at UNIX_SECONDS]`: the current codes and the seconds they stay
 * valid. Each HOTP code shown uses up its counter, so the vault is saved before the code is printed.
 */
export async function code(ctx: Context, query: string | undefined, options: CodeOptions): Promise<void> {
  const session = await openSession(ctx, options);
  const entries = matchSome(session.vault.entries(), query);
  const nowMs = options.at === undefined ? ctx.now() : options.at * 1000;
  const items: CodeItem[] = entries.map(({ id, account }) => ({
    id,
    issuer: account.issuer,
    name: account.name,
    code: codeAt(account, nowMs),
    remainingSeconds: remainingSeconds(remainingMs(account, nowMs)),
  }));
  const hotp = entries.filter(({ account }) => account.type === 'hotp');
  for (const { id, account } of hotp) session.vault.update(id, { counter: account.counter + 1n });
  if (hotp.length > 0) await session.save();

  if (options.json) {
    ctx.print(JSON.stringify(items, null, 2));
    return;
  }
  if (items.length === 0) {
    ctx.say(ctx.t('list.empty'));
    return;
  }
  const { out } = ctx;
  const rows = items.map((item) => {
    const left = item.remainingSeconds;
    const seconds = left === null ? 'HOTP' : `${left}s`;
    return [
      out.bold(out.cyan(item.code)),
      left !== null && left <= 5 ? out.red(seconds) : seconds,
      accountLabel(item),
    ];
  });
  for (const line of table(rows)) ctx.print(line);
}
