import {
  type Account,
  type Algorithm,
  createAccount,
  isAlgorithm,
  isValidDigits,
  isValidPeriod,
  MAX_COUNTER,
  OTP_TYPES,
  type OTPType,
} from './account.js';
import { decodeBase32Lenient, encodeBase32 } from './base32.js';
import { KeyURIError, type KeyURIErrorCode } from './key-uri-error.js';
import { joinLabel, splitLabel } from './label.js';

const SCHEME = 'otpauth://';

function percentDecode(text: string, code: KeyURIErrorCode): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new KeyURIError(code, 'invalid percent-encoding');
  }
}

/** Query parameters with lower-cased names; the first occurrence of a name wins. */
function readQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    if (!params.has(key)) params.set(key, eq < 0 ? '' : pair.slice(eq + 1));
  }
  return params;
}

/** Decodes one query value ('+' is a space, as in HTML forms). */
function queryValue(params: Map<string, string>, key: string, code: KeyURIErrorCode): string | undefined {
  const raw = params.get(key);
  return raw === undefined ? undefined : percentDecode(raw.replaceAll('+', ' '), code);
}

function readSecret(params: Map<string, string>): Uint8Array {
  const text = queryValue(params, 'secret', 'BAD_SECRET');
  if (text === undefined || text.trim() === '') throw new KeyURIError('MISSING_SECRET');
  let secret: Uint8Array;
  try {
    secret = decodeBase32Lenient(text);
  } catch {
    throw new KeyURIError('BAD_SECRET');
  }
  if (secret.length === 0) throw new KeyURIError('MISSING_SECRET');
  return secret;
}

function readAlgorithm(params: Map<string, string>): Algorithm {
  const text = queryValue(params, 'algorithm', 'BAD_ALGORITHM');
  if (text === undefined) return 'SHA1';
  const algorithm = text.replaceAll('-', '').toUpperCase();
  if (!isAlgorithm(algorithm)) throw new KeyURIError('BAD_ALGORITHM', text);
  return algorithm;
}

function readInteger(params: Map<string, string>, key: string, code: KeyURIErrorCode): bigint | undefined {
  const text = queryValue(params, key, code);
  if (text === undefined) return undefined;
  if (!/^\d{1,20}$/.test(text)) throw new KeyURIError(code, `${key}=${text}`);
  return BigInt(text);
}

function readSmall(
  params: Map<string, string>,
  key: string,
  code: KeyURIErrorCode,
  valid: (n: number) => boolean,
) {
  const value = readInteger(params, key, code);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!valid(n)) throw new KeyURIError(code, `${key}=${value}`);
  return n;
}

/**
 * Reads an `otpauth://` key URI (Google's Key URI Format and the otpauth URI draft): the label is
 * split at its first colon, the `issuer` parameter wins over the label prefix, secrets may be
 * lower case, spaced or padded, unknown parameters are ignored, and `otpauth://steam/…` or
 * `encoder=steam` mean Steam Guard. Throws KeyURIError with a `code`.
 * @see https://github.com/google/google-authenticator/wiki/Key-Uri-Format
 */
export function parseKeyURI(uri: string): Account {
  if (typeof uri !== 'string' || uri.slice(0, SCHEME.length).toLowerCase() !== SCHEME) {
    throw new KeyURIError('NOT_OTPAUTH');
  }
  const rest = uri.slice(SCHEME.length).split('#', 1)[0]!;
  const queryStart = rest.indexOf('?');
  const path = queryStart < 0 ? rest : rest.slice(0, queryStart);
  const params = readQuery(queryStart < 0 ? '' : rest.slice(queryStart + 1));
  const slash = path.indexOf('/');
  const typeText = (slash < 0 ? path : path.slice(0, slash)).toLowerCase();
  if (!OTP_TYPES.includes(typeText as OTPType)) throw new KeyURIError('UNKNOWN_TYPE', typeText);
  const encoder = queryValue(params, 'encoder', 'UNKNOWN_TYPE')?.toLowerCase();
  const type = typeText === 'steam' || (typeText === 'totp' && encoder === 'steam') ? 'steam' : typeText;
  const issuerParam = queryValue(params, 'issuer', 'BAD_LABEL')?.trim();
  const label = percentDecode(slash < 0 ? '' : path.slice(slash + 1), 'BAD_LABEL');
  const { issuer, name } = splitLabel(label, issuerParam);
  const secret = readSecret(params);
  const algorithm = readAlgorithm(params);
  const digits = readSmall(params, 'digits', 'BAD_DIGITS', isValidDigits);
  const period = type === 'hotp' ? undefined : readSmall(params, 'period', 'BAD_PERIOD', isValidPeriod);
  const counter = type === 'hotp' ? (readInteger(params, 'counter', 'BAD_COUNTER') ?? 0n) : 0n;
  if (counter > MAX_COUNTER) throw new KeyURIError('BAD_COUNTER', `counter=${counter}`);
  if (type === 'steam') return createAccount({ type, secret, issuer, name, period });
  return createAccount({
    type: type as Account['type'],
    secret,
    issuer,
    name,
    algorithm,
    digits,
    period,
    counter,
  });
}

/**
 * Writes an account as an `otpauth://` key URI that Google Authenticator and the otpauth draft read:
 * label `Issuer:Name`, unpadded base32 secret, and every parameter spelled out.
 */
export function formatKeyURI(account: Account): string {
  const label = joinLabel(account.issuer, account.name, encodeURIComponent);
  let query = `secret=${encodeBase32(account.secret)}`;
  if (account.issuer !== '') query += `&issuer=${encodeURIComponent(account.issuer)}`;
  if (account.type === 'steam') {
    if (account.period !== 30) query += `&period=${account.period}`;
    return `otpauth://steam/${label}?${query}`;
  }
  query += `&algorithm=${account.algorithm}&digits=${account.digits}`;
  query += account.type === 'hotp' ? `&counter=${account.counter}` : `&period=${account.period}`;
  return `otpauth://${account.type}/${label}?${query}`;
}
