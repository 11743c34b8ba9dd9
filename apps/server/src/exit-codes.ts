import { ConfigError } from './config.js';
import { KeyFileError } from './crypto/key-file.js';
import { DatabaseUnavailableError } from './db/open.js';
import { AppError } from './errors.js';
import { SecretKeyMismatchError } from './services/key-check.js';

/** Could not start or finish, for a reason that may pass (the database not reachable, …). */
export const EXIT_FAILURE = 1;
/**
 * A setting or the master key is wrong (missing, unreadable, damaged, another key than the database's),
 * or the SQLite data folder cannot be made or opened:
 * restarting alone will not help, so a supervisor can be told not to (sysexits.h `EX_CONFIG`).
 */
export const EXIT_CONFIG = 78;

/**
 * What to print (one line, no stack trace) and which exit code to end with; `expected` is false for
 * an error with no message written for the operator (only its first line is kept).
 */
export function describeFailure(error: unknown): { message: string; exitCode: number; expected: boolean } {
  const message = error instanceof Error ? error.message : String(error);
  if (
    error instanceof ConfigError ||
    error instanceof KeyFileError ||
    error instanceof SecretKeyMismatchError ||
    (error instanceof DatabaseUnavailableError && !error.retryable)
  ) {
    return { message, exitCode: EXIT_CONFIG, expected: true };
  }
  if (error instanceof DatabaseUnavailableError || error instanceof AppError) {
    return { message, exitCode: EXIT_FAILURE, expected: true };
  }
  return { message: message.split('\n')[0] ?? '', exitCode: EXIT_FAILURE, expected: false };
}
