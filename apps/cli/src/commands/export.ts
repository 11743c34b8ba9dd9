import { extname, resolve } from 'node:path';
import type { CXFSkipReason } from '@kakunin/interop';
import type { Account } from '@kakunin/otp';
import type { Context, GlobalOptions } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { writeUserFile } from '../files.js';
import { accountLabel } from '../format.js';
import type { MessageKey } from '../i18n/en.js';
import { matchOne, matchSome } from '../query.js';
import { openSession, type Session } from '../session.js';

/** The formats `kakunin export --format` writes. */
export type { ExportFormat } from '../export-formats.js';

import type { ExportFormat } from '../export-formats.js';

/** Options of `kakunin export`. */
export interface ExportOptions extends GlobalOptions {
  format?: ExportFormat;
  qr?: boolean;
  out?: string;
}

/**
 * `kakunin export --format F [--out PATH] [query]` writes a backup or transfer file;
 * `kakunin export <query> --qr [--out file.png]` shows one account as the otpauth QR code a new device
 * scans. The encrypted Aegis export uses the vault's password; every other output warns that it holds
 * secrets in the clear.
 */
export async function exportAccounts(
  ctx: Context,
  query: string | undefined,
  options: ExportOptions,
): Promise<void> {
  if (options.qr && options.format !== undefined) throw usageError('usage.exportMode');
  if (!options.qr && options.format === undefined) throw usageError('usage.exportMode');
  if (options.qr && !query) throw usageError('usage.exportQRQuery');
  const session = await openSession(ctx, options);
  if (options.out !== undefined && resolve(options.out) === resolve(session.path)) {
    throw usageError('usage.outIsVault', { path: session.path });
  }
  if (options.qr) return exportQR(ctx, session, query ?? '', options.out);
  const accounts = matchSome(session.vault.entries(), query).map((entry) => entry.account);
  const format = options.format ?? 'aegis';
  if (format === 'google-qr') return exportMigrationQR(ctx, accounts, options.out);
  if (format === 'cxf') return exportCXFFile(ctx, accounts, options.out);
  if (format !== 'aegis') ctx.say(ctx.err.yellow(ctx.t('export.warnSecrets')));
  const text = await exportText(session, format, accounts, query !== undefined);
  if (format === 'aegis' || format === 'aegis-plain') {
    const { wrongCodesInAegis } = await import('@kakunin/interop');
    for (const account of wrongCodesInAegis(accounts))
      ctx.say(ctx.err.yellow(ctx.t('export.warnMD5', { label: accountLabel(account) })));
  }
  await emit(ctx, options.out, text);
}

async function exportText(session: Session, format: ExportFormat, accounts: Account[], filtered: boolean) {
  const interop = await import('@kakunin/interop');
  // The whole vault is written by the vault itself, which keeps entry types other apps added.
  if (format === 'aegis') {
    return filtered
      ? interop.exportAegis(accounts, { password: session.password })
      : session.vault.serialize();
  }
  if (format === 'aegis-plain')
    return filtered ? interop.exportAegis(accounts, {}) : session.vault.exportPlain();
  return interop.exportURIList(accounts);
}

async function emit(ctx: Context, out: string | undefined, data: string | Uint8Array): Promise<void> {
  if (out === undefined) {
    ctx.stdout.write(typeof data === 'string' && !data.endsWith('\n') ? `${data}\n` : data);
    return;
  }
  await writeUserFile(out, data);
  ctx.say(ctx.t('export.written', { file: out }));
}

async function exportQR(
  ctx: Context,
  session: Session,
  query: string,
  out: string | undefined,
): Promise<void> {
  const { account } = matchOne(session.vault.entries(), query);
  const [{ formatKeyURI }, interop] = await Promise.all([import('@kakunin/otp'), import('@kakunin/interop')]);
  const uri = formatKeyURI(account);
  ctx.say(ctx.err.yellow(ctx.t('export.warnSecrets')));
  ctx.say(accountLabel(account));
  if (out === undefined) ctx.stdout.write(await interop.qrTerminal(uri, { color: ctx.out.enabled }));
  else await emit(ctx, out, isSVG(out) ? await interop.qrSVG(uri) : await interop.qrPNG(uri));
  ctx.say(ctx.t('export.qrHint'));
}

async function exportMigrationQR(ctx: Context, accounts: Account[], out: string | undefined): Promise<void> {
  const [otp, interop] = await Promise.all([import('@kakunin/otp'), import('@kakunin/interop')]);
  ctx.say(ctx.err.yellow(ctx.t('export.warnSecrets')));
  const { uris, skipped } = otp.encodeMigrationURIs(accounts, {});
  for (const { account, reason } of skipped)
    ctx.say(
      ctx.t('export.skipped', { reason: skipReason(ctx, account, reason), label: accountLabel(account) }),
    );
  if (uris.length === 0) throw new CliError('error.nothingToExport');
  for (const [i, uri] of uris.entries()) {
    const index = i + 1;
    if (out === undefined) {
      if (uris.length > 1) ctx.print(ctx.t('export.page', { index, count: uris.length }));
      ctx.stdout.write(await interop.qrTerminal(uri, { color: ctx.out.enabled }));
    } else {
      const page = isSVG(out) ? await interop.qrSVG(uri) : await interop.qrPNG(uri);
      await emit(ctx, uris.length > 1 ? numbered(out, index) : out, page);
    }
  }
}

/** Why CXF 1.0 cannot hold an account, as message keys (spelled out, so unused keys can be found). */
const CXF_SKIP_REASONS: Readonly<Record<CXFSkipReason, MessageKey>> = {
  hotp: 'export.skip.cxf.hotp',
  steam: 'export.skip.cxf.steam',
  algorithm: 'export.skip.cxf.algorithm',
  period: 'export.skip.cxf.period',
};

/** The FIDO Credential Exchange Format file; accounts CXF 1.0 cannot hold are named, never altered. */
async function exportCXFFile(ctx: Context, accounts: Account[], out: string | undefined): Promise<void> {
  const interop = await import('@kakunin/interop');
  ctx.say(ctx.err.yellow(ctx.t('export.warnSecrets')));
  const { text, skipped } = interop.exportCXF(accounts, { now: Date.now() });
  for (const { account, reason } of skipped)
    ctx.say(
      ctx.t('export.skipped', { reason: ctx.t(CXF_SKIP_REASONS[reason]), label: accountLabel(account) }),
    );
  if (skipped.length === accounts.length) throw new CliError('error.nothingToExport');
  await emit(ctx, out, text);
}

/** Why Google Authenticator cannot take an account, in the user's language (the library's text otherwise). */
function skipReason(ctx: Context, account: Account, reason: string): string {
  if (account.type === 'steam') return ctx.t('export.skip.steam');
  if (account.digits !== 6 && account.digits !== 8)
    return ctx.t('export.skip.digits', { digits: account.digits });
  if (account.type === 'totp' && account.period !== 30)
    return ctx.t('export.skip.period', { period: account.period });
  return reason;
}

const isSVG = (path: string): boolean => extname(path).toLowerCase() === '.svg';

/** `backup.png` → `backup-2.png` for the second page of a multi-QR export. */
function numbered(path: string, index: number): string {
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}-${index}${ext || '.png'}`;
}
