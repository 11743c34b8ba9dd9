import type { Account } from '@kakunin/otp';
import { decodeBase64, textOf } from '../bytes.js';
import { aesGcmOpen, pbkdf2AesKey } from '../crypto.js';
import { ImportError } from '../errors.js';
import type { ReadResult } from '../types.js';
import {
  accountOf,
  algorithmOf,
  convertEntries,
  damaged,
  isRecord,
  type JSONRecord,
  num,
  numbersOf,
  otpTypeOf,
  parseJSON,
  recordsOf,
  secretOf,
  str,
} from './entry.js';

/**
 * 2FAS Authenticator backups (.2fas, JSON). Schema versions 1–4 share `services[]`, each with `secret`,
 * `name` and an `otp` object (`account`, `issuer`, `digits`, `period`, `algorithm`, `counter`,
 * `tokenType` from v3 on; absent means TOTP). From v2 an encrypted backup keeps `services` empty and puts
 * the JSON array in `servicesEncrypted` = base64(ciphertext+tag) ":" base64(salt) ":" base64(iv),
 * AES-256-GCM with a PBKDF2-HMAC-SHA256 key (10,000 iterations); `reference` is a known text encrypted
 * the same way, so a wrong password is told apart from a damaged file.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/TwoFASImporter.java
 */

const ITERATIONS = 10_000;
export const TWOFAS_MAX_SCHEMA = 4;

/** Whether parsed JSON looks like a 2FAS backup. */
export const isTwoFAS = (json: unknown): json is JSONRecord =>
  isRecord(json) && 'schemaVersion' in json && ('services' in json || 'servicesEncrypted' in json);

/** Whether a 2FAS backup holds its services encrypted. */
export const isTwoFASEncrypted = (json: JSONRecord): boolean =>
  typeof json.servicesEncrypted === 'string' && json.servicesEncrypted !== '';

interface Sealed {
  data: Uint8Array;
  salt: Uint8Array;
  iv: Uint8Array;
}

function sealedOf(text: string, what: string): Sealed {
  const parts = text.split(':');
  if (parts.length < 3) throw damaged(`${what} has ${parts.length} parts instead of 3`);
  const [data, salt, iv] = parts.map((p) => decodeBase64(p, what)) as [Uint8Array, Uint8Array, Uint8Array];
  return { data, salt, iv };
}

async function open(sealed: Sealed, password: string): Promise<Uint8Array | null> {
  const key = await pbkdf2AesKey(password, sealed.salt, ITERATIONS, 'SHA-256');
  return aesGcmOpen(key, sealed.iv, sealed.data);
}

async function decryptServices(json: JSONRecord, password: string): Promise<unknown[]> {
  const services = sealedOf(String(json.servicesEncrypted), 'servicesEncrypted');
  if (typeof json.reference === 'string' && json.reference !== '') {
    const reference = await open(sealedOf(json.reference, 'reference'), password);
    if (reference === null) throw new ImportError('WRONG_PASSWORD');
  }
  const plain = await open(services, password);
  if (plain === null) {
    // With a verified reference the password is right, so the services themselves were altered.
    throw typeof json.reference === 'string'
      ? damaged('the encrypted services fail their integrity check')
      : new ImportError('WRONG_PASSWORD');
  }
  const list = parseJSON(textOf(plain) ?? '');
  if (!Array.isArray(list)) throw damaged('the decrypted services are not a JSON array');
  return list;
}

function groupNames(json: JSONRecord): Map<string, string> {
  const groups = Array.isArray(json.groups) ? json.groups.filter(isRecord) : [];
  return new Map(groups.map((g) => [str(g, 'id'), str(g, 'name')]));
}

function serviceAccount(service: JSONRecord, where: string, groups: Map<string, string>): Account | string {
  const otp = isRecord(service.otp) ? service.otp : {};
  // `service.type` is 2FAS's brand/icon type ("Unknown", "ManuallyAdded"…), never the OTP type; schemas 1
  // and 2 have no `otp.tokenType`, which means TOTP.
  const type = otpTypeOf(otp.tokenType ?? 'TOTP');
  if (type === null) return str(otp, 'tokenType');
  const issuer = str(service, 'name') || str(otp, 'issuer');
  const account: Partial<Account> & { secret: Uint8Array } = {
    type,
    secret: secretOf(service.secret, where),
    issuer,
    name: str(otp, 'account') || str(otp, 'label'),
    algorithm: algorithmOf(otp.algorithm, where),
  };
  Object.assign(
    account,
    numbersOf(otp, type, { digits: 'digits', period: 'period', counter: 'counter' }, where),
  );
  const group = groups.get(str(service, 'groupId'));
  if (group) account.group = group;
  return accountOf(account, where);
}

/** Read a 2FAS backup, decrypting it with `password` when it is encrypted. */
export async function readTwoFAS(json: JSONRecord, password: string | undefined): Promise<ReadResult> {
  const version = num(json, 'schemaVersion');
  if (version === undefined || version < 1 || version > TWOFAS_MAX_SCHEMA) {
    throw new ImportError('UNSUPPORTED_VERSION', {
      detail: `2FAS schema version ${String(json.schemaVersion)}`,
    });
  }
  const encrypted = isTwoFASEncrypted(json);
  if (encrypted && password === undefined) throw new ImportError('PASSWORD_REQUIRED');
  const services = encrypted ? await decryptServices(json, password ?? '') : json.services;
  const groups = groupNames(json);
  const where = (s: JSONRecord, i: number): string => `service ${i + 1} (${str(s, 'name')})`;
  const converted = convertEntries(recordsOf(services, 'service'), where, (s, at) =>
    serviceAccount(s, at, groups),
  );
  return { format: encrypted ? '2fas-encrypted' : '2fas', pages: [], ...converted };
}
