import {
  type Account,
  createAccount,
  decodeBase32Lenient,
  encodeBase32,
  type OTPType,
} from '@kakunin/otp/core';
import { isIntegerIn, isObject, type JSONObject } from './json-text.js';

/**
 * The accounts Aegis would show wrong codes for: it reads MD5 on a TOTP or HOTP entry as SHA-1 (IIJ
 * SmartKey-style MD5 accounts). Kakunin keeps MD5 in its own vault; whatever writes these accounts into
 * a file for Aegis warns about them.
 */
export const wrongCodesInAegis = (accounts: readonly Account[]): Account[] =>
  accounts.filter((account) => account.algorithm === 'MD5' && account.type !== 'steam');

/** One entry of the vault: the account, its Aegis uuid and the favourite flag Aegis shows as a pin. */
export interface VaultEntry {
  readonly id: string;
  readonly account: Account;
  readonly favorite: boolean;
}

const SUPPORTED: readonly string[] = ['totp', 'hotp', 'steam'] satisfies OTPType[];
// Aegis reads counters as a Java long.
const MAX_AEGIS_COUNTER = 2n ** 63n - 1n;
// Fields we write from the account; everything else in an entry is carried over untouched.
const ENTRY_FIELDS = ['type', 'uuid', 'name', 'issuer', 'note', 'favorite', 'icon', 'icon_mime', 'icon_hash'];
const INFO_FIELDS = ['secret', 'algo', 'digits', 'period', 'counter'];

/** Reads an Aegis algorithm name the way Aegis does ("HmacSHA1" and "sha1" mean SHA1). */
const readAlgorithm = (algo: unknown): unknown =>
  typeof algo === 'string' ? algo.replace(/^Hmac/, '').toUpperCase() : algo;

/** The icon as a data: URL (Aegis stores Base64 image bytes and a MIME type; no type means JPEG). */
function readIcon(entry: JSONObject): string | undefined {
  if (typeof entry.icon !== 'string') return undefined;
  const mime = typeof entry.icon_mime === 'string' ? entry.icon_mime : 'image/jpeg';
  return `data:${mime};base64,${entry.icon}`;
}

/**
 * Turns an Aegis entry into an account, or says why it is not one we can show (an unknown type such
 * as yandex or motp, or fields out of range); such entries stay in the file as they are.
 * @see Aegis VaultEntry.fromJson and OtpInfo.fromJson
 */
export function readEntry(entry: JSONObject, group: string | undefined): Account | string {
  const { type, info } = entry;
  if (typeof type !== 'string' || !SUPPORTED.includes(type)) return `type ${String(type)} is not supported`;
  if (!isObject(info) || typeof info.secret !== 'string') return 'the entry has no secret';
  const counter = info.counter;
  if (type === 'hotp' && !isIntegerIn(counter, 0n, MAX_AEGIS_COUNTER)) return 'the counter is not valid';
  try {
    const note = typeof entry.note === 'string' && entry.note !== '' ? entry.note : undefined;
    return createAccount({
      type: type as OTPType,
      secret: decodeBase32Lenient(info.secret),
      issuer: typeof entry.issuer === 'string' ? entry.issuer : '',
      name: typeof entry.name === 'string' ? entry.name : '',
      algorithm: readAlgorithm(info.algo) as Account['algorithm'],
      digits: info.digits as number,
      ...(type === 'hotp'
        ? { counter: BigInt(counter as number | bigint) }
        : { period: info.period as number }),
      ...(note === undefined ? {} : { note }),
      ...(group === undefined ? {} : { group }),
      ...(readIcon(entry) === undefined ? {} : { icon: readIcon(entry) }),
    });
  } catch (error) {
    return error instanceof Error ? error.message : 'the entry is not valid';
  }
}

const ICON_URL = /^data:([\w.+-]+\/[\w.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/;

/**
 * Checks the limits Aegis puts on top of ours, so everything we write opens in Aegis too; `previous`
 * is the entry as stored, whose icon passes as it is.
 */
export function checkAegisLimits(account: Account, previous: JSONObject): void {
  if (account.counter > MAX_AEGIS_COUNTER) throw new RangeError('counter must be at most 2^63−1');
  if (account.icon !== undefined && account.icon !== readIcon(previous) && !ICON_URL.test(account.icon)) {
    throw new RangeError('icon must be a data: URL with Base64 content');
  }
}

function iconFields(account: Account, previous: JSONObject): JSONObject {
  if (account.icon === undefined) return { icon: null };
  if (account.icon === readIcon(previous)) {
    const { icon, icon_mime, icon_hash } = previous;
    return {
      icon,
      ...(icon_mime === undefined ? {} : { icon_mime }),
      ...(icon_hash === undefined ? {} : { icon_hash }),
    };
  }
  const [, mime = '', data = ''] = ICON_URL.exec(account.icon) ?? [];
  // Without icon_hash, Aegis computes the hash itself.
  return { icon: data, icon_mime: mime };
}

const without = (object: JSONObject, keys: readonly string[]): JSONObject =>
  Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));

/**
 * Writes an entry in Aegis's layout (VaultEntry.toJson: type, uuid, name, issuer, note, favorite,
 * icon, info, groups), keeping every field of `previous` we do not manage, such as Aegis's
 * `archived` flag or a future field.
 */
export function writeEntry(entry: VaultEntry, groups: readonly string[], previous: JSONObject): JSONObject {
  const { account } = entry;
  const previousInfo = isObject(previous.info) ? previous.info : {};
  const info: JSONObject = {
    secret: encodeBase32(account.secret),
    algo: account.algorithm,
    digits: account.digits,
    ...(account.type === 'hotp' ? { counter: account.counter } : { period: account.period }),
    ...without(previousInfo, INFO_FIELDS),
  };
  return {
    type: account.type,
    uuid: entry.id,
    name: account.name,
    issuer: account.issuer,
    note: account.note ?? '',
    favorite: entry.favorite,
    ...iconFields(account, previous),
    ...without(previous, [...ENTRY_FIELDS, 'info', 'groups', 'group']),
    info,
    groups: [...groups],
  };
}
