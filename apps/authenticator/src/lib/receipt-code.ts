import { type Account, constantTimeEqual, encodeBase32 } from '@kakunin/otp';
import { accountFingerprint } from './receipt.js';

/** Characters in a typed confirmation code (40 bits: a chance mismatch goes unnoticed 1 in 10^12). */
const CODE_CHARS = 8;

/**
 * The short confirmation code the new device shows under its confirmation QR, for two devices
 * without cameras: Base32 of the first 5 bytes of SHA-256 over the sorted fingerprints of all its
 * accounts (lib/receipt.ts). It confirms the whole set only: the old device computes the same over
 * its own accounts, so the code matches when exactly those accounts arrived and nothing else is
 * there; the QR code still tells which ones are missing.
 */
export async function receiptCode(accounts: readonly Account[]): Promise<string> {
  const fingerprints = (await Promise.all(accounts.map(accountFingerprint))).sort();
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(fingerprints.join(',')));
  const code = encodeBase32(new Uint8Array(digest).subarray(0, 5));
  return `${code.slice(0, 4)}-${code.slice(4, CODE_CHARS)}`;
}

/**
 * What a person typed, as the 8 Base32 characters of a code: case, spaces and dashes do not matter,
 * and digits that look like letters (0, 1, 8) read as the letters Base32 has (O, I, B).
 */
export function normaliseReceiptCode(typed: string): string | null {
  const letters = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/0/g, 'O')
    .replace(/1/g, 'I')
    .replace(/8/g, 'B');
  return /^[A-Z2-7]{8}$/.test(letters) ? letters : null;
}

/** True when the typed code is the one for exactly these accounts. */
export async function matchesReceiptCode(typed: string, accounts: readonly Account[]): Promise<boolean> {
  const given = normaliseReceiptCode(typed);
  if (!given) return false;
  const expected = (await receiptCode(accounts)).replace('-', '');
  return constantTimeEqual(given, expected);
}
