import { stripVTControlCharacters } from 'node:util';
import type { Account } from '@kakunin/otp';
import type { VaultEntry } from '@kakunin/vault';

/** How people recognise an account: `Issuer (name)`, or whichever of the two exists. */
export function accountLabel(account: Pick<Account, 'issuer' | 'name'>): string {
  if (account.issuer && account.name) return `${account.issuer} (${account.name})`;
  return account.issuer || account.name;
}

/** One account in `kakunin list --json`: its settings, never its secret. */
export interface ListItem {
  id: string;
  type: Account['type'];
  issuer: string;
  name: string;
  algorithm: Account['algorithm'];
  digits: number;
  period: number;
  counter: number;
}

/** The `list --json` shape for an entry; the counter becomes a JSON number. */
export function listItem({ id, account }: VaultEntry): ListItem {
  const { type, issuer, name, algorithm, digits, period, counter } = account;
  return { id, type, issuer, name, algorithm, digits, period, counter: Number(counter) };
}

/** One account in `kakunin code --json`; `remainingSeconds` is null for HOTP, whose code never expires. */
export interface CodeItem {
  id: string;
  issuer: string;
  name: string;
  code: string;
  remainingSeconds: number | null;
}

/** Whole seconds until a code changes, rounded up so "1" means the last second. */
export function remainingSeconds(remainingMs: number): number | null {
  return Number.isFinite(remainingMs) ? Math.ceil(remainingMs / 1000) : null;
}

/** Pads cells to the widest in each column (by display width, so Japanese lines up). */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
  }
  return rows.map((row) =>
    row
      .map((cell, i) =>
        i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell)),
      )
      .join('  ')
      .trimEnd(),
  );
}

/** Terminal columns a string occupies: wide (CJK, full-width) characters take two; escapes take none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripVTControlCharacters(text)) {
    const cp = char.codePointAt(0) ?? 0;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}
