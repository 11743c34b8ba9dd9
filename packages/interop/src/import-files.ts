import type { Account } from '@kakunin/otp';
import { assembleBatches } from './batch.js';
import { readFileContent } from './import-file.js';
import type { FormatId, ImportOptions, ImportResult, MigrationPage } from './types.js';
import { inFile, type Notice, noticeText } from './warnings.js';

export interface ImportFileInput {
  bytes: Uint8Array;
  filename?: string;
}

/** What one file of an importFiles call held. */
export interface FileOutcome {
  filename?: string;
  format: FormatId;
  /** Accounts the file held directly. */
  accounts: number;
  /** Google Authenticator export pages (QR codes) it held. */
  pages: number;
}

export interface ImportFilesResult extends ImportResult {
  files: FileOutcome[];
}

/**
 * Import several files as one, such as every page of a Google Authenticator multi-QR export, in any
 * order. Throws the ImportError of the first file that cannot be read (naming it), and INCOMPLETE_BATCH
 * naming the missing pages when an export is not complete (unless `allowIncomplete`). `format` is the
 * first file's; `files` says what each one held.
 */
export async function importFiles(
  files: readonly ImportFileInput[],
  options: Omit<ImportOptions, 'filename'> = {},
): Promise<ImportFilesResult> {
  if (files.length === 0) throw new TypeError('importFiles needs at least one file');
  const accounts: Account[] = [];
  const warnings: Notice[] = [];
  const outcomes: FileOutcome[] = [];
  const pages: MigrationPage[] = [];
  for (const { bytes, filename } of files) {
    const label = filename === undefined ? {} : { filename };
    const read = await readFileContent(bytes, { ...options, ...label });
    accounts.push(...read.accounts);
    pages.push(...read.pages);
    warnings.push(...read.warnings.map((w) => inFile(filename, w)));
    outcomes.push({
      ...label,
      format: read.format,
      accounts: read.accounts.length,
      pages: read.pages.length,
    });
  }
  const batches = assembleBatches(pages, options.allowIncomplete);
  const [incomplete] = batches.incomplete;
  if (incomplete) throw incomplete;
  return {
    format: outcomes[0]!.format,
    accounts: [...accounts, ...batches.accounts],
    warnings: noticeText([...warnings, ...batches.warnings], options.language),
    files: outcomes,
  };
}
