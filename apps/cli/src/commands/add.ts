import { stat } from 'node:fs/promises';
import type { Account } from '@kakunin/otp';
import {
  type AccountDetails,
  accountFromDetails,
  accountsFromImage,
  accountsFromText,
} from '../account-input.js';
import type { Context, GlobalOptions } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { readUserFile } from '../files.js';
import { accountLabel } from '../format.js';
import { openSession } from '../session.js';
import { readLine } from '../stdin-lines.js';

/** Options of `kakunin add`. */
export interface AddOptions extends GlobalOptions, AccountDetails {
  qr?: string;
}

/**
 * `kakunin add <uri>` · `add --qr <image>` · `add --secret … [--issuer …] [--name …]`: parses the input
 * first (so a malformed URI or QR fails before any password is asked), then adds the accounts not
 * already in the vault and reports duplicates.
 */
export async function add(ctx: Context, uri: string | undefined, options: AddOptions): Promise<void> {
  const accounts = await accountsToAdd(ctx, uri, options);
  const session = await openSession(ctx, options, { write: true });
  const { mergeAccounts } = await import('@kakunin/interop');
  const existing = session.vault.entries().map((entry) => entry.account);
  const { added, duplicates } = mergeAccounts(existing, accounts);
  for (const account of added) {
    try {
      session.vault.add(account);
    } catch (error) {
      // Limits of the vault format beyond the account's own (e.g. Aegis keeps counters below 2^63).
      if (!(error instanceof RangeError)) throw error;
      throw new CliError('error.badAccount', { detail: error.message });
    }
  }
  if (added.length > 0) await session.save();
  for (const account of added) ctx.say(ctx.t('add.added', { label: accountLabel(account) }));
  for (const account of duplicates) ctx.say(ctx.t('add.duplicate', { label: accountLabel(account) }));
}

async function accountsToAdd(ctx: Context, uri: string | undefined, options: AddOptions): Promise<Account[]> {
  const { qr, secret, issuer, name, type, algorithm, digits, period, counter } = options;
  const sources = [uri, qr, secret].filter((source) => source !== undefined).length;
  const details = [issuer, name, type, algorithm, digits, period, counter].some((v) => v !== undefined);
  if (sources !== 1 || (details && secret === undefined)) throw usageError('usage.addSource');
  // A screenshot of the QR code given where the URI goes: say how to give it instead.
  if (uri !== undefined && !/^otpauth(-migration)?:/i.test(uri) && (await isFile(uri)))
    throw usageError('usage.addFile', { path: uri });
  // Arguments are visible in the process list: `-` reads the secret or URI from standard input.
  if ((uri !== undefined && uri !== '-') || (secret !== undefined && secret !== '-'))
    ctx.say(ctx.t('add.secretInArguments'));
  if (uri !== undefined) return accountsFromText(ctx, uri === '-' ? await stdinLine(ctx) : uri);
  if (qr !== undefined) return accountsFromImage(ctx, qr, await readUserFile(qr));
  const typed = secret === '-' ? await stdinLine(ctx) : (secret ?? '');
  return [await accountFromDetails({ ...options, secret: typed })];
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isFile(),
    () => false,
  );
}

async function stdinLine(ctx: Context): Promise<string> {
  const line = await readLine(ctx.stdin);
  if (line === undefined) throw new CliError('error.stdinEnded');
  return line.trim();
}
