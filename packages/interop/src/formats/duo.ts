import type { Account } from '@kakunin/otp';
import type { ReadResult } from '../types.js';
import {
  accountOf,
  convertEntries,
  counterOf,
  isRecord,
  type JSONRecord,
  num,
  recordsOf,
  secretOf,
  str,
} from './entry.js';

/**
 * Duo Mobile's third-party accounts, a JSON file on a rooted phone:
 * `/data/data/com.duosecurity.duomobile/files/duokit/accounts.json`. Each entry has `name` and
 * `otpGenerator.otpSecret` (base32), plus `otpGenerator.counter` for HOTP; Duo keeps no issuer, algorithm
 * or digits (SHA-1, 6 digits, 30 s). Duo Push accounts have no `otpGenerator` and are skipped.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/DuoImporter.java
 */

function duoAccount(entry: JSONRecord, where: string): Account | string {
  if (!isRecord(entry.otpGenerator)) return str(entry, 'accountType') || 'Duo Push';
  const otp = entry.otpGenerator;
  const secret = secretOf(otp.otpSecret, where);
  const counter = num(otp, 'counter');
  const name = str(entry, 'name');
  if (counter === undefined) return accountOf({ type: 'totp', secret, issuer: '', name }, where);
  return accountOf({ type: 'hotp', secret, issuer: '', name, counter: counterOf(counter, where) }, where);
}

/** Read Duo Mobile's accounts.json. */
export function readDuo(json: unknown): ReadResult {
  const list = recordsOf(json, 'account');
  const where = (e: JSONRecord, i: number): string => `account ${i + 1} (${str(e, 'name')})`;
  return { format: 'duo', pages: [], ...convertEntries(list, where, duoAccount) };
}
