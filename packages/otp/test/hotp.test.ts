import { describe, expect, it } from 'vitest';
import { hotp } from '../src/index.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

// RFC 4226 Appendix D: secret "12345678901234567890", HMAC-SHA-1, 6 digits.
const RFC4226_SECRET = ascii('12345678901234567890');
const RFC4226_VECTORS: [counter: bigint, code: string][] = [
  [0n, '755224'],
  [1n, '287082'],
  [2n, '359152'],
  [3n, '969429'],
  [4n, '338314'],
  [5n, '254676'],
  [6n, '287922'],
  [7n, '162583'],
  [8n, '399871'],
  [9n, '520489'],
];

describe('hotp', () => {
  it.each(RFC4226_VECTORS)('matches RFC 4226 Appendix D at counter %s', (counter, expected) => {
    expect(hotp(RFC4226_SECRET, counter, { algorithm: 'SHA1', digits: 6 })).toBe(expected);
  });

  it('defaults to SHA1 and 6 digits', () => {
    expect(hotp(RFC4226_SECRET, 0n)).toBe('755224');
  });

  // Appendix D lists the full truncated values too; their last 8 and 10 digits give longer codes.
  it('returns 8- and 10-digit codes from the same truncated value (RFC 4226 Appendix D)', () => {
    // Appendix D, counter 0: truncated decimal 1284755224; counter 7: 82162583.
    expect(hotp(RFC4226_SECRET, 0n, { digits: 10 })).toBe('1284755224');
    expect(hotp(RFC4226_SECRET, 0n, { digits: 8 })).toBe('84755224');
    expect(hotp(RFC4226_SECRET, 7n, { digits: 10 })).toBe('0082162583');
    expect(hotp(RFC4226_SECRET, 0n, { digits: 1 })).toBe('4');
  });

  it('writes counters beyond 2^32 into all eight bytes of the moving factor', () => {
    // Counter 2^32 differs from counter 0 only in the high word; the codes must differ.
    expect(hotp(RFC4226_SECRET, 1n << 32n)).not.toBe(hotp(RFC4226_SECRET, 0n));
    expect(hotp(RFC4226_SECRET, (1n << 32n) + 1n)).not.toBe(hotp(RFC4226_SECRET, 1n));
    expect(hotp(RFC4226_SECRET, (1n << 64n) - 1n)).toMatch(/^\d{6}$/);
  });

  it.each([0, 11, 6.5, Number.NaN])('throws RangeError for %s digits', (digits) => {
    expect(() => hotp(RFC4226_SECRET, 0n, { digits })).toThrow(RangeError);
  });

  it.each([-1n, 1n << 64n])('throws RangeError for counter %s', (counter) => {
    expect(() => hotp(RFC4226_SECRET, counter)).toThrow(RangeError);
  });

  it('throws RangeError for an unknown algorithm', () => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input from untyped callers
    expect(() => hotp(RFC4226_SECRET, 0n, { algorithm: 'SHA3' as any })).toThrow(RangeError);
  });
});
