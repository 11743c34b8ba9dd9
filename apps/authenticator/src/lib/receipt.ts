import { type Account, decodeBase32, encodeBase32 } from '@kakunin/otp';

/**
 * The move-confirmation receipt: the new device shows it as a QR code, the old device scans it and
 * checks that every account it exported arrived.
 *
 *   KAKUNIN-RECEIPT:V1:<count>:<BASE32 of 4-byte fingerprints, one per account, no padding>
 *
 * A fingerprint is the first 4 bytes of SHA-256 over `type|algorithm|digits|period|BASE32SECRET`:
 * exactly what decides the codes, so renaming an account on the new device still counts as arrived,
 * while a changed secret or parameter does not. Upper case only, so QR alphanumeric mode applies
 * (about 6.4 characters per account: 100 accounts fit a version 17 code).
 */
export const RECEIPT_PREFIX = 'KAKUNIN-RECEIPT:V1:';
const FINGERPRINT_BYTES = 4;

export interface Receipt {
  count: number;
  fingerprints: string[]; // hex, one per account
}

export interface ReceiptCheck<T> {
  arrived: T[];
  missing: T[];
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** The 4-byte fingerprint of what produces an account's codes, as hex. */
export async function accountFingerprint(a: Account): Promise<string> {
  const text = [a.type, a.algorithm, a.digits, a.period, encodeBase32(a.secret)].join('|');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return hex(digest.subarray(0, FINGERPRINT_BYTES));
}

/** The receipt text for the accounts now on this (new) device. */
export async function encodeReceipt(accounts: readonly Account[]): Promise<string> {
  const bytes = new Uint8Array(accounts.length * FINGERPRINT_BYTES);
  for (const [i, a] of accounts.entries()) {
    const fp = await accountFingerprint(a);
    for (let j = 0; j < FINGERPRINT_BYTES; j++)
      bytes[i * FINGERPRINT_BYTES + j] = Number.parseInt(fp.slice(j * 2, j * 2 + 2), 16);
  }
  return `${RECEIPT_PREFIX}${accounts.length}:${encodeBase32(bytes)}`;
}

/** Parses a receipt text; null when it is not one (or is damaged). */
export function decodeReceipt(text: string): Receipt | null {
  if (!text.toUpperCase().startsWith(RECEIPT_PREFIX)) return null;
  const m = /^(\d{1,6}):([A-Z2-7]*)$/.exec(text.slice(RECEIPT_PREFIX.length).toUpperCase());
  if (!m) return null;
  const count = Number(m[1]);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase32(m[2] ?? '');
  } catch {
    return null;
  }
  if (bytes.length !== count * FINGERPRINT_BYTES) return null;
  const fingerprints: string[] = [];
  for (let i = 0; i < count; i++)
    fingerprints.push(hex(bytes.subarray(i * FINGERPRINT_BYTES, (i + 1) * FINGERPRINT_BYTES)));
  return { count, fingerprints };
}

/** Splits this (old) device's items into those the receipt shows arrived and those missing. */
export async function checkReceipt<T>(
  receipt: Receipt,
  items: readonly T[],
  accountOf: (item: T) => Account,
): Promise<ReceiptCheck<T>> {
  // A multiset: two identical accounts here need two matching fingerprints there.
  const available = new Map<string, number>();
  for (const fp of receipt.fingerprints) available.set(fp, (available.get(fp) ?? 0) + 1);
  const result: ReceiptCheck<T> = { arrived: [], missing: [] };
  for (const item of items) {
    const fp = await accountFingerprint(accountOf(item));
    const left = available.get(fp) ?? 0;
    if (left > 0) {
      available.set(fp, left - 1);
      result.arrived.push(item);
    } else {
      result.missing.push(item);
    }
  }
  return result;
}
