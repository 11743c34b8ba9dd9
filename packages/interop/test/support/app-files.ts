/**
 * Writers for the files other authenticator apps keep on the phone, built from their published layouts
 * (Aegis's importers describe them), so tests make fixtures without copying real files.
 */
import { type Account, encodeBase32 } from '@kakunin/otp';
import { encodeBase64 } from '../../src/bytes.ts';
import {
  aesCbcSeal,
  aesGcmSeal,
  pbkdf2AesKey,
  pbkdf2Bytes,
  rawAesKey,
  sha256Text,
} from '../../src/crypto.ts';

const utf8 = (t: string): Uint8Array => new TextEncoder().encode(t);
const xml = (t: string): string =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An Android shared_prefs file of string preferences. */
export function prefsXML(strings: Record<string, string>, extra = ''): string {
  const lines = Object.entries(strings).map(([k, v]) => `    <string name="${xml(k)}">${xml(v)}</string>`);
  return `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n${extra}${lines.join('\n')}\n</map>\n`;
}

/** Java's signed bytes, as FreeOTP writes them in JSON. */
export const signed = (bytes: Uint8Array): number[] => [...bytes].map((b) => (b > 127 ? b - 256 : b));

/** A FreeOTP token JSON (FreeOTP 1's preference value, FreeOTP 2's "-token" entry without the secret). */
export function freeOTPToken(a: Account, withSecret = true): Record<string, unknown> {
  return {
    algo: a.algorithm,
    counter: Number(a.counter),
    digits: a.digits,
    issuerExt: a.issuer,
    issuerInt: a.issuer,
    label: a.name,
    period: a.period,
    type: a.type === 'hotp' ? 'HOTP' : 'TOTP',
    ...(withSecret ? { secret: signed(a.secret) } : {}),
  };
}

/** Authy's per-token encryption: AES-256-CBC, zero IV, key PBKDF2-HMAC-SHA1(password, salt, 1000). */
export async function authySeal(secretBase32: string, password: string, salt: string): Promise<string> {
  const key = await pbkdf2Bytes(password, utf8(salt), 1000, 'SHA-1', 32);
  return encodeBase64(await aesCbcSeal(key, new Uint8Array(16), utf8(secretBase32)));
}

const BATTLE_NET_MASK =
  '398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a';

/** Battle.net's masking: the text XOR the app's fixed key, as hex. */
export function battleNetMask(text: string): string {
  const mask = BATTLE_NET_MASK.match(/../g)!.map((h) => Number.parseInt(h, 16));
  return [...text].map((c, i) => (c.charCodeAt(0) ^ mask[i]!).toString(16).padStart(2, '0')).join('');
}

/** A serialized java.util.HashMap<String, String> (Java Object Serialization, protocol version 2). */
export function javaStringMap(entries: [string, string][]): Uint8Array {
  const out: number[] = [0xac, 0xed, 0x00, 0x05, 0x73, 0x72];
  const u16 = (n: number) => out.push(n >> 8, n & 0xff);
  const u32 = (n: number) => out.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  const utf = (t: string) => {
    const b = utf8(t);
    u16(b.length);
    out.push(...b);
  };
  utf('java.util.HashMap');
  out.push(0x05, 0x07, 0xda, 0xc1, 0xc3, 0x16, 0x60, 0xd1, 0x03); // serialVersionUID, flags
  u16(2);
  out.push(0x46); // 'F'
  utf('loadFactor');
  out.push(0x49); // 'I'
  utf('threshold');
  out.push(0x78, 0x70, 0x3f, 0x40, 0, 0, 0, 0, 0, 0x18, 0x77, 0x08);
  u32(32);
  u32(entries.length);
  for (const [k, v] of entries) {
    for (const t of [k, v]) {
      out.push(0x74);
      utf(t);
    }
  }
  out.push(0x78);
  return Uint8Array.from(out);
}

const GCM_PARAMS = (nonce: Uint8Array): number[] => [0x30, 0x11, 0x04, 0x0c, ...nonce, 0x02, 0x01, 0x10];

/** A FreeOTP 2 backup: a random master key wrapped under PBKDF2-SHA512(password), secrets under it. */
export async function freeOTPBackup(
  accounts: Account[],
  password: string,
  iterations = 1000,
): Promise<Uint8Array> {
  const salt = new Uint8Array(32).fill(5);
  const master = new Uint8Array(32).fill(11);
  const kek = await pbkdf2AesKey(password, salt, iterations, 'SHA-512');
  const masterNonce = new Uint8Array(12).fill(1);
  const wrappedMaster = await aesGcmSeal(kek, masterNonce, master, utf8('AES'));
  const entries: [string, string][] = [
    [
      'masterKey',
      JSON.stringify({
        mAlgorithm: 'PBKDF2withHmacSHA512',
        mEncryptedKey: {
          mCipher: 'AES/GCM/NoPadding',
          mCipherText: signed(wrappedMaster),
          mParameters: GCM_PARAMS(masterNonce),
          mToken: 'AES',
        },
        mIterations: iterations,
        mSalt: signed(salt),
      }),
    ],
  ];
  const masterKey = await rawAesKey(master);
  for (const [i, a] of accounts.entries()) {
    const nonce = new Uint8Array(12).fill(20 + i);
    const token = `HmacSHA${a.algorithm.slice(3)}`;
    const sealed = await aesGcmSeal(masterKey, nonce, a.secret, utf8(token));
    const key = JSON.stringify({
      mCipher: 'AES/GCM/NoPadding',
      mCipherText: signed(sealed),
      mParameters: GCM_PARAMS(nonce),
      mToken: token,
    });
    const id = `0000000${i}-uuid`;
    entries.push([id, JSON.stringify({ key })], [`${id}-token`, JSON.stringify(freeOTPToken(a, false))]);
  }
  return javaStringMap(entries);
}

/** A TOTP Authenticator entry (hex key) as the app writes it. */
export const totpAuthenticatorEntry = (a: Account): Record<string, unknown> => ({
  base: 16,
  digits: String(a.digits),
  issuer: a.issuer,
  key: [...a.secret]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase(),
  name: a.name,
  period: String(a.period),
});

/** A TOTP Authenticator backup file: base64 of AES-256-CBC(zero IV, SHA-256(password)). */
export async function totpAuthenticatorBackup(accounts: Account[], password: string): Promise<string> {
  const list = JSON.stringify(accounts.map((a) => JSON.stringify(totpAuthenticatorEntry(a))));
  const plain = JSON.stringify({ [list]: '1608293023' });
  return encodeBase64(await aesCbcSeal(await sha256Text(password), new Uint8Array(16), utf8(plain)));
}

export const base32 = (a: Account): string => encodeBase32(a.secret);
