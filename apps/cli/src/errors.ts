import type { LocalizedError } from '@kakunin/otp/core';
import type { MessageKey } from './i18n/en.js';
import type { Locale, MessageParams } from './i18n/translate.js';

/** Exit status: success. */
export const EXIT_OK = 0;
/** Exit status: the command failed (bad password, damaged file, no match…). */
export const EXIT_FAILURE = 1;
/** Exit status: the command line itself is wrong. */
export const EXIT_USAGE = 2;

/** A failure the user can act on: a catalogue message and the exit status it ends with. */
export class CliError extends Error {
  readonly key: MessageKey;
  readonly params: MessageParams;
  readonly exitCode: number;

  constructor(key: MessageKey, params: MessageParams = {}, exitCode: number = EXIT_FAILURE) {
    super(key);
    this.name = 'CliError';
    this.key = key;
    this.params = params;
    this.exitCode = exitCode;
  }
}

/**
 * A package's error (KeyURIError, MigrationError, VaultError, ImportError) as a CLI failure: the
 * package's own words in the user's language, as the message's `{reason}`.
 */
export function packageFailure(
  locale: Locale,
  key: MessageKey,
  error: LocalizedError,
  params: MessageParams = {},
): CliError {
  return new CliError(key, { ...params, reason: error.localizedMessage(locale) });
}

/** A usage error (exit status 2) with a catalogue message. */
export function usageError(key: MessageKey, params: MessageParams = {}): CliError {
  return new CliError(key, params, EXIT_USAGE);
}

/** Ends the command with a failure status after it has already reported what went wrong. */
export class ReportedFailure extends Error {
  readonly exitCode: number = EXIT_FAILURE;

  constructor() {
    super('reported');
    this.name = 'ReportedFailure';
  }
}
