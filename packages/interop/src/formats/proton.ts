import type { Account } from '@kakunin/otp';
import { ImportError } from '../errors.js';
import type { ReadResult } from '../types.js';
import {
  accountFromURI,
  convertEntries,
  damaged,
  isRecord,
  type JSONRecord,
  recordsOf,
  str,
  uriType,
} from './entry.js';

/**
 * Proton Authenticator exports: `{ version: 1, entries: [{ id, content: { uri, entry_type, name }, note }] }`.
 * The account name is `content.name`; everything else comes from the otpauth:// URI.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/ProtonAuthenticatorImporter.java
 */

/** Whether parsed JSON looks like a Proton Authenticator export. */
export const isProton = (json: unknown): json is JSONRecord =>
  isRecord(json) &&
  Array.isArray(json.entries) &&
  'version' in json &&
  json.entries.every((e) => isRecord(e) && isRecord(e.content) && 'uri' in e.content);

function entryAccount(entry: JSONRecord, where: string): Account | string {
  const content = entry.content as JSONRecord;
  const uri = str(content, 'uri');
  if (!uri) throw damaged(`${where}: no otpauth:// URI`);
  const account = accountFromURI(uri, where);
  if (account === null) return str(content, 'entry_type') || uriType(uri);
  if ('name' in content) account.name = str(content, 'name');
  const note = str(entry, 'note');
  if (note) account.note = note;
  return account;
}

/** Read a Proton Authenticator export. */
export function readProton(json: JSONRecord): ReadResult {
  if (json.version !== 1) {
    throw new ImportError('UNSUPPORTED_VERSION', {
      detail: `Proton Authenticator export version ${String(json.version)}`,
    });
  }
  const entries = recordsOf(json.entries, 'entry');
  const where = (e: JSONRecord, i: number): string =>
    `entry ${i + 1} (${str(e.content as JSONRecord, 'name')})`;
  return { format: 'proton', pages: [], ...convertEntries(entries, where, entryAccount) };
}
