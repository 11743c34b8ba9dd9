import { basename } from 'node:path';
import type { FormatId, MigrationPage, ReadResult } from '@kakunin/interop';
import type { Account } from '@kakunin/otp';
import type { Context, GlobalOptions } from '../context.js';
import { CliError, ReportedFailure } from '../errors.js';
import { readUserFile } from '../files.js';
import { accountLabel } from '../format.js';
import { promptHidden, stdinPassword } from '../password.js';
import { openSession } from '../session.js';

/** Options of `kakunin import`. */
export interface ImportOptions extends GlobalOptions {
  format?: FormatId;
  sourcePasswordStdin?: boolean;
  json?: boolean;
}

/** What happened to one file (or to the pages of one multi-QR export, which are read together). */
export interface FileReport {
  file: string;
  format: FormatId | null;
  imported: number;
  skipped: number;
  warnings: string[];
  error: { code: string; message: string } | null;
}

type Interop = typeof import('@kakunin/interop');

/**
 * `kakunin import <file…> [--format F] [--source-password-stdin] [--json]`: reads every file, adds the
 * accounts not already in the vault, and reports imported / skipped / failed per file. The pages of a
 * Google Authenticator multi-QR export are put together whatever their order; a missing page fails
 * that export only. Exits 1 if anything failed (accounts from the other files are still saved).
 */
export async function importFiles(ctx: Context, files: string[], options: ImportOptions): Promise<void> {
  const session = await openSession(ctx, options, { write: true });
  const interop = await import('@kakunin/interop');
  const source = { password: options.sourcePasswordStdin ? await stdinPassword(ctx) : undefined };
  const reports: FileReport[] = [];
  const existing: Account[] = session.vault.entries().map((entry) => entry.account);
  const add = (file: string, format: FormatId, accounts: Account[], warnings: string[]): void => {
    const { added, duplicates } = interop.mergeAccounts(existing, accounts);
    let imported = 0;
    for (const account of added) {
      try {
        session.vault.add(account);
        imported += 1;
      } catch (error) {
        // An account the vault format cannot hold (e.g. a counter above 2^63−1) is reported, not fatal.
        if (!(error instanceof RangeError)) throw error;
        warnings.push(ctx.t('import.refused', { label: accountLabel(account), reason: error.message }));
      }
    }
    existing.push(...added);
    reports.push({ file, format, imported, skipped: duplicates.length, warnings, error: null });
  };
  const fail = (file: string, error: unknown): void => {
    reports.push({
      file,
      format: null,
      imported: 0,
      skipped: 0,
      warnings: [],
      error: describe(ctx, interop, error),
    });
  };

  const batches = new Map<number, { format: FormatId; pages: MigrationPage[] }>();
  for (const file of files) {
    try {
      const read = await readOne(ctx, interop, file, options.format, source);
      if (read.accounts.length > 0 || read.pages.length === 0)
        add(
          file,
          read.format,
          read.accounts,
          read.warnings.map((notice) => notice[ctx.locale]),
        );
      for (const page of read.pages) {
        const batch = batches.get(page.batch.id) ?? { format: read.format, pages: [] };
        batch.pages.push({ ...page, filename: file });
        batches.set(page.batch.id, batch);
      }
    } catch (error) {
      fail(file, error);
    }
  }
  for (const { format, pages } of batches.values()) {
    const file = [...new Set(pages.map((page) => page.filename))].join(', ');
    const assembled = interop.assembleBatches(pages);
    if (assembled.incomplete[0]) fail(file, assembled.incomplete[0]);
    else
      add(
        file,
        format,
        assembled.accounts,
        assembled.warnings.map((notice) => notice[ctx.locale]),
      );
  }

  if (reports.some((report) => report.imported > 0)) await session.save();
  printReports(ctx, reports, options.json === true);
  if (reports.some((report) => report.error !== null)) throw new ReportedFailure();
}

/** Reads one file; an encrypted one without a password asks for it when there is a terminal. */
async function readOne(
  ctx: Context,
  interop: Interop,
  file: string,
  format: FormatId | undefined,
  source: { password: string | undefined },
): Promise<ReadResult> {
  const bytes = await readUserFile(file);
  const attempt = () =>
    interop.readFileContent(bytes, {
      filename: basename(file),
      ...(source.password === undefined ? {} : { password: source.password }),
      ...(format === undefined ? {} : { format }),
    });
  try {
    return await attempt();
  } catch (error) {
    const ask = error instanceof interop.ImportError && error.code === 'PASSWORD_REQUIRED' && ctx.stdin.isTTY;
    if (!ask || source.password !== undefined) throw error;
    source.password = await promptHidden(ctx, ctx.t('prompt.sourcePassword', { file: basename(file) }));
    return attempt();
  }
}

function describe(ctx: Context, interop: Interop, error: unknown): { code: string; message: string } {
  if (error instanceof interop.ImportError)
    return { code: error.code, message: error.localizedMessage(ctx.locale) };
  if (error instanceof CliError) return { code: 'READ_FAILED', message: ctx.t(error.key, error.params) };
  throw error;
}

function printReports(ctx: Context, reports: FileReport[], json: boolean): void {
  const total = {
    imported: reports.reduce((sum, report) => sum + report.imported, 0),
    skipped: reports.reduce((sum, report) => sum + report.skipped, 0),
    failed: reports.filter((report) => report.error !== null).length,
  };
  if (json) {
    ctx.print(JSON.stringify({ files: reports, ...total }, null, 2));
    return;
  }
  for (const { file, format, imported, skipped, warnings, error } of reports) {
    if (error !== null) {
      ctx.say(ctx.err.red(ctx.t('import.fileFailed', { file, reason: error.message })));
      continue;
    }
    ctx.print(ctx.t('import.fileResult', { file, imported, skipped, format: format ?? '' }));
    for (const warning of warnings) ctx.say(ctx.err.yellow(ctx.t('import.warning', { file, warning })));
  }
  ctx.print(ctx.t('import.total', total));
}
