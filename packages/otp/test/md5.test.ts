import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { code, createAccount, hotp, parseKeyURI, totp } from '../src/index.ts';

// ADR 0003: an MD5 digest has 16 bytes, but RFC 4226 §5.3 reads 4 bytes at an offset of up to 15.
// Kakunin reads the missing bytes as zero (what JavaScript authenticators do, since reading past a
// typed array gives undefined → 0), so offsets 0–12 match every implementation.
function referenceMD5(secret: Uint8Array, counter: number, digits: number): { offset: number; code: string } {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('md5', secret).update(message).digest();
  const offset = digest[15]! & 0x0f;
  const byte = (i: number) => (i < 16 ? digest[i]! : 0);
  const value =
    ((byte(offset) & 0x7f) * 2 ** 24 +
      byte(offset + 1) * 2 ** 16 +
      byte(offset + 2) * 2 ** 8 +
      byte(offset + 3)) %
    10 ** digits;
  return { offset, code: String(value).padStart(digits, '0') };
}

const SECRET = new TextEncoder().encode('12345678901234567890');

describe('MD5 codes', () => {
  it('follow the zero-fill rule for every offset, including 13–15 past the digest', () => {
    const offsetsSeen = new Set<number>();
    for (let counter = 0; counter < 2_000; counter++) {
      const reference = referenceMD5(SECRET, counter, 6);
      offsetsSeen.add(reference.offset);
      expect(hotp(SECRET, BigInt(counter), { algorithm: 'MD5' }), `counter ${counter}`).toBe(reference.code);
    }
    expect([...offsetsSeen].sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it('give MD5 key URIs (which IIJ SmartKey accepts) TOTP codes by the same rule', () => {
    const account = parseKeyURI(
      'otpauth://totp/IIJ:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=MD5',
    );
    const nowMs = 1_700_000_000_000;
    expect(code(account, nowMs)).toBe(referenceMD5(SECRET, Math.floor(nowMs / 30_000), 6).code);
    expect(code(account, nowMs)).toBe(totp(SECRET, nowMs, { algorithm: 'MD5' }));
  });

  it('are never offered for new accounts by default', () => {
    expect(createAccount({ secret: SECRET }).algorithm).toBe('SHA1');
  });
});
