import { type Account, formatKeyURI } from '@kakunin/otp';

/** One otpauth:// URI per line (the file holds secrets in the clear; callers warn). */
export function exportURIList(accounts: readonly Account[]): string {
  return accounts.map((a) => `${formatKeyURI(a)}\n`).join('');
}
