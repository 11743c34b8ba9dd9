import type { Account } from '@kakunin/otp';
import type { MigrationPage, ReadResult } from '../types.js';
import { type Notice, skippedType, trashed } from '../warnings.js';
import { accountFromURI, damaged, isRecord, parseJSON, str, uriType } from './entry.js';

const MIGRATION = 'otpauth-migration://';

/** The meaningful lines of a text export: blank lines and `#` comments are ignored. */
export function uriLines(text: string): { line: string; number: number }[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'));
}

/** Whether a text line is an otpauth:// or otpauth-migration:// link. */
export const isOTPLink = (line: string): boolean => /^otpauth(-migration)?:\/\//i.test(line);

/**
 * Decode one Google Authenticator export link (text or QR) into a page of its batch. The protobuf
 * codec loads on the first such link: plain otpauth:// lists never load it.
 */
export async function migrationPage(uri: string, where: string): Promise<MigrationPage> {
  const { decodeMigrationURI } = await import('@kakunin/otp/migration');
  try {
    return decodeMigrationURI(uri);
  } catch (cause) {
    throw damaged(`${where}: unreadable Google Authenticator export link`, cause);
  }
}

// Ente Auth appends `codeDisplay` (JSON: trashed, tags, note…) to each URI.
function enteMetadata(uri: string): { trashed: boolean; note: string; group: string } {
  let raw: string | null = null;
  try {
    raw = new URL(uri).searchParams.get('codeDisplay');
  } catch {
    // parseKeyURI accepted the link; metadata we cannot read is simply absent.
  }
  const meta = raw === null ? null : parseJSON(raw);
  if (!isRecord(meta)) return { trashed: false, note: '', group: '' };
  const tags = Array.isArray(meta.tags) ? meta.tags.filter((t): t is string => typeof t === 'string') : [];
  return { trashed: meta.trashed === true, note: str(meta, 'note'), group: tags[0] ?? '' };
}

/**
 * Read a list of links, one per line: otpauth:// URIs (plain lists and Ente Auth's export) and
 * otpauth-migration:// links (Google Authenticator's export as text).
 */
export async function readURIList(
  text: string,
  format: 'uri-list' | 'ente' | 'google-migration',
): Promise<ReadResult> {
  const accounts: Account[] = [];
  const pages: MigrationPage[] = [];
  const warnings: Notice[] = [];
  for (const { line, number } of uriLines(text)) {
    const where = `line ${number}`;
    if (line.toLowerCase().startsWith(MIGRATION)) {
      pages.push(await migrationPage(line, where));
      continue;
    }
    if (!isOTPLink(line)) throw damaged(`${where} is not an otpauth:// link`);
    const account = accountFromURI(line, where);
    if (account === null) {
      warnings.push(skippedType(`Line ${number}`, number, uriType(line)));
      continue;
    }
    if (format === 'ente') {
      const meta = enteMetadata(line);
      if (meta.trashed) {
        warnings.push(trashed(number));
        continue;
      }
      if (meta.note) account.note = meta.note;
      if (meta.group) account.group = meta.group;
    }
    accounts.push(account);
  }
  return { format, accounts, pages, warnings };
}
