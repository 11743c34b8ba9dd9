import { type Account, decodeBase32Lenient } from '@kakunin/otp';
import { decodeBase64, textOf } from '../bytes.js';
import { aesCbcOpen, pbkdf2Bytes } from '../crypto.js';
import { ImportError } from '../errors.js';
import type { ReadResult } from '../types.js';
import { accountOf, convertEntries, damaged, isRecord, type JSONRecord, num, str } from './entry.js';
import { authyEncrypted } from './shapes.js';

/**
 * Authy's token store, an Android preferences file on a rooted phone:
 * `/data/data/com.authy.authy/shared_prefs/com.authy.storage.tokens.authenticator.xml` (accounts added by
 * QR code) and `…tokens.authy.xml` (Authy's own 7-digit, 10-second tokens). The `….key` preference holds a
 * JSON list of tokens: `decryptedSecret` (base32) in the plain store, or `encryptedSecret` (base64) and
 * `salt` when the person set a backup password — AES-256-CBC, zero IV, key PBKDF2-HMAC-SHA1(password,
 * salt, 1,000 iterations). Authy stores no algorithm or period for the QR-code tokens: SHA-1, 30 s.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/AuthyImporter.java
 */

async function decryptSecret(token: JSONRecord, password: string, where: string): Promise<string | null> {
  const sealed = decodeBase64(str(token, 'encryptedSecret'), `${where}: encryptedSecret`);
  const key = await pbkdf2Bytes(password, new TextEncoder().encode(str(token, 'salt')), 1000, 'SHA-1', 32);
  const plain = await aesCbcOpen(key, new Uint8Array(16), sealed);
  const text = plain === null ? null : textOf(plain);
  // A wrong key passes the padding check about once in 256 tries; the result then is not base32.
  return text !== null && /^[A-Z2-7= ]+$/i.test(text) ? text : null;
}

function issuerAndName(token: JSONRecord): { issuer: string; name: string } {
  let name = str(token, 'name');
  const original = str(token, 'originalName');
  let issuer = str(token, 'originalIssuer');
  let separator = '';
  if (!issuer && original.includes(':'))
    [issuer, separator] = [original.slice(0, original.indexOf(':')), ':'];
  else if (!issuer && name.includes(' - ')) [issuer, separator] = [name.slice(0, name.indexOf(' - ')), ' - '];
  else if (!issuer) issuer = str(token, 'accountType').replace(/^./, (c) => c.toUpperCase());
  name = name.replace(issuer + separator, '').replace(/^: /, '');
  return { issuer, name };
}

function tokenAccount(token: JSONRecord, secretText: string | null, where: string): Account {
  if (typeof token.secretSeed === 'string') {
    // Authy's own tokens: a hex seed, 7 digits every 10 seconds; the name is the service.
    if (!/^([0-9a-f]{2})+$/i.test(token.secretSeed)) throw damaged(`${where}: the secret seed is not hex`);
    const secret = Uint8Array.from(token.secretSeed.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    return accountOf(
      {
        type: 'totp',
        secret,
        issuer: str(token, 'name'),
        name: '',
        digits: num(token, 'digits', 7) ?? 7,
        period: 10,
      },
      where,
    );
  }
  let secret: Uint8Array;
  try {
    secret = decodeBase32Lenient(secretText ?? '');
  } catch (cause) {
    throw damaged(`${where}: the secret key is not valid base32`, cause);
  }
  if (secret.length === 0) throw damaged(`${where}: the secret key is missing`);
  return accountOf(
    { type: 'totp', secret, ...issuerAndName(token), digits: num(token, 'digits', 6) ?? 6, period: 30 },
    where,
  );
}

/** Read the tokens of an Authy preferences file, decrypting them with `password` when needed. */
export async function readAuthy(tokens: unknown[], password: string | undefined): Promise<ReadResult> {
  const encrypted = authyEncrypted(tokens);
  if (encrypted && password === undefined) throw new ImportError('PASSWORD_REQUIRED', { app: 'Authy' });
  const list = tokens.map((t, i) => {
    if (!isRecord(t)) throw damaged(`token ${i + 1} is not an object`);
    return t;
  });
  const secrets: (string | null)[] = [];
  for (const [i, token] of list.entries()) {
    if (typeof token.encryptedSecret !== 'string') {
      secrets.push(str(token, 'decryptedSecret'));
      continue;
    }
    const secret = await decryptSecret(token, password ?? '', `token ${i + 1}`);
    if (secret === null) throw new ImportError('WRONG_PASSWORD', { detail: 'Authy backup password' });
    secrets.push(secret);
  }
  const where = (t: JSONRecord, i: number): string => `token ${i + 1} (${str(t, 'name')})`;
  const converted = convertEntries(list, where, (t, at) =>
    tokenAccount(t, secrets[list.indexOf(t)] ?? null, at),
  );
  return { format: encrypted ? 'authy-encrypted' : 'authy', pages: [], ...converted };
}
