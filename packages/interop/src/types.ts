import type { Account, MigrationBatch } from '@kakunin/otp';
import type { Language } from './errors.js';
import type { FormatId } from './format-ids.js';
import type { Notice } from './warnings.js';

/** Every file format the importer recognises. */
export type { FormatId };

export interface ImportOptions {
  /** Language of `warnings` (default English). */
  language?: Language;
  /** Shown in error messages ("aegis.json" is encrypted…). */
  filename?: string;
  /** Password of an encrypted backup. */
  password?: string;
  /** Skip detection and read the file as this format. */
  format?: FormatId;
  /** Import the pages present of a Google Authenticator multi-QR export instead of failing (warns). */
  allowIncomplete?: boolean;
}

export interface ImportResult {
  format: FormatId;
  accounts: Account[];
  /** Entries skipped and other things to tell the person, in `options.language`. */
  warnings: string[];
}

/** One QR code (or text line) of a Google Authenticator export: `index` is 0-based. */
export interface MigrationPage {
  accounts: Account[];
  batch: MigrationBatch;
  filename?: string;
}

/** What a format reader returns before Google Authenticator pages are put together. */
export interface ReadResult {
  format: FormatId;
  accounts: Account[];
  warnings: Notice[];
  pages: MigrationPage[];
}
