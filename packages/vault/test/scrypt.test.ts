import { describe, expect, it } from 'vitest';
import { scrypt as nodeScrypt } from '../src/scrypt-node.js';
import { scrypt as webScrypt } from '../src/scrypt-web.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

// RFC 7914 §12, test vectors 1–3 (the fourth, N=2^20, needs 1 GiB and is left out).
const vectors: [string, string, number, number, number, string][] = [
  [
    '',
    '',
    16,
    1,
    1,
    '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906',
  ],
  [
    'password',
    'NaCl',
    1024,
    8,
    16,
    'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
  ],
  [
    'pleaseletmein',
    'SodiumChloride',
    16384,
    8,
    1,
    '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887',
  ],
];

describe.each([
  ['node:crypto', nodeScrypt],
  ['@noble/hashes', webScrypt],
])('scrypt through %s', (_name, scrypt) => {
  it.each(vectors)('RFC 7914 vector P=%j S=%j N=%i r=%i p=%i', async (password, salt, N, r, p, expected) => {
    expect(hex(await scrypt(utf8(password), utf8(salt), { N, r, p, dkLen: 64 }))).toBe(expected);
  });

  // Aegis issue #95: old slots were made from the password followed by zero bytes. HMAC pads keys of up
  // to 64 bytes with zeros, so such slots still open with the exact password bytes below that size.
  it('gives the same key for a password with trailing zero bytes up to 64 bytes, a different one beyond', async () => {
    const params = { N: 16, r: 8, p: 1, dkLen: 32 };
    const salt = new Uint8Array(32);
    const password = utf8('a'.repeat(50));
    const padded = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => password[i] ?? 0);
    const key = hex(await scrypt(password, salt, params));
    expect(hex(await scrypt(padded(64), salt, params))).toBe(key);
    expect(hex(await scrypt(padded(65), salt, params))).not.toBe(key);
  });

  it('derives the vault key size with Aegis parameters (N=2^15, r=8, p=1) within the memory limit', async () => {
    const key = await scrypt(utf8('パスワード'), new Uint8Array(32), { N: 2 ** 15, r: 8, p: 1, dkLen: 32 });
    expect(key).toHaveLength(32);
    expect(hex(key)).toBe(
      hex(await nodeScrypt(utf8('パスワード'), new Uint8Array(32), { N: 2 ** 15, r: 8, p: 1, dkLen: 32 })),
    );
  });
});
