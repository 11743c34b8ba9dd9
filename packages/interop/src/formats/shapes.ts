import { base64 } from '@scure/base';
import type { Prefs } from './android-prefs.js';
import { isRecord, type JSONRecord, parseJSON } from './entry.js';

/**
 * Cheap structural checks of the formats whose readers load only when such a file is read (Authy,
 * Battle.net, FreeOTP, TOTP Authenticator, Bitwarden's encrypted export, CXF, Duo, Steam): detection
 * needs these alone, so recognising a file does not load every reader.
 */

/** The preferences holding Authy's token lists (QR-code tokens, Authy's own). */
export const AUTHY_KEYS: readonly string[] = [
  'com.authy.storage.tokens.authenticator.key',
  'com.authy.storage.tokens.authy.key',
];

/** The token list of an Authy preferences file, or null when it holds none. */
export function authyTokens(prefs: Prefs): unknown[] | null {
  for (const key of AUTHY_KEYS) {
    const value = prefs.get(key);
    if (value === undefined) continue;
    const list = parseJSON(value);
    return Array.isArray(list) ? list : null;
  }
  return null;
}

/** Whether the token list needs the backup password (some token has no clear secret). */
export const authyEncrypted = (tokens: unknown[]): boolean =>
  tokens.some((t) => isRecord(t) && !('decryptedSecret' in t) && !('secretSeed' in t));

/** The prefix of Battle.net's preferences, and the one holding the masked secret. */
export const BATTLE_NET_PREFIX = 'com.blizzard.messenger.';
export const BATTLE_NET_SECRET: string = `${BATTLE_NET_PREFIX}AUTHENTICATOR_DEVICE_SECRET`;

/** Whether preferences look like FreeOTP 1's token store. */
export const isFreeOTPPrefs = (prefs: Prefs): boolean =>
  prefs.size > 0 &&
  [...prefs].every(([name, value]) => {
    if (name === 'tokenOrder') return Array.isArray(parseJSON(value));
    const token = parseJSON(value);
    return isRecord(token) && Array.isArray(token.secret) && 'type' in token;
  });

/** The preference holding TOTP Authenticator's account list. */
export const TOTP_AUTHENTICATOR_KEY = 'STATIC_TOTP_CODES_LIST';

/** Whether text is one base64 block whose bytes are whole AES blocks (the backup has no other mark). */
export function isTOTPAuthenticatorBackup(text: string): boolean {
  const clean = text.replace(/\s+/g, '');
  if (clean.length < 24 || !/^[A-Za-z0-9+/]+={0,2}$/.test(clean) || clean.length % 4 !== 0) return false;
  try {
    const bytes = base64.decode(clean);
    return bytes.length >= 16 && bytes.length % 16 === 0;
  } catch {
    return false;
  }
}

/** Whether parsed JSON is a Bitwarden encrypted export (password-protected or account-restricted). */
export const isBitwardenEncrypted = (json: unknown): json is JSONRecord =>
  isRecord(json) && json.encrypted === true && typeof json.encKeyValidation_DO_NOT_EDIT === 'string';

const isItemList = (v: unknown): boolean =>
  Array.isArray(v) && v.every((item) => isRecord(item) && Array.isArray(item.credentials));

const isCXFAccount = (v: unknown): v is JSONRecord =>
  isRecord(v) && isItemList(v.items) && typeof v.id === 'string' && ('username' in v || 'email' in v);

/** Whether parsed JSON is a CXF document (a header with accounts, or one account). */
export const isCXF = (json: unknown): json is JSONRecord =>
  (isRecord(json) &&
    isRecord(json.version) &&
    typeof json.version.major === 'number' &&
    Array.isArray(json.accounts) &&
    json.accounts.every(isCXFAccount)) ||
  isCXFAccount(json);

/** Whether parsed JSON is Duo's accounts list. */
export const isDuo = (json: unknown): json is unknown[] =>
  Array.isArray(json) &&
  json.length > 0 &&
  json.every((e) => isRecord(e) && 'accountType' in e) &&
  json.some((e) => isRecord(e) && isRecord(e.otpGenerator));

const isSteamAccount = (v: unknown): v is JSONRecord =>
  isRecord(v) && typeof v.shared_secret === 'string' && 'account_name' in v;

/** Whether parsed JSON is a Steam Guard file (old or new layout). */
export const isSteam = (json: unknown): json is JSONRecord =>
  isSteamAccount(json) ||
  (isRecord(json) &&
    isRecord(json.accounts) &&
    Object.keys(json.accounts).length > 0 &&
    Object.values(json.accounts).every(isSteamAccount));
