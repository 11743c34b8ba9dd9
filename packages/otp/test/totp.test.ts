import { describe, expect, it } from 'vitest';
import { type Algorithm, timeStep, totp } from '../src/index.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

// RFC 6238 Appendix B: the seeds are the ASCII digits repeated to the hash's size, 8 digits, X = 30 s.
const SEEDS: Record<'SHA1' | 'SHA256' | 'SHA512', Uint8Array> = {
  SHA1: ascii('12345678901234567890'),
  SHA256: ascii('12345678901234567890123456789012'),
  SHA512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};

// RFC 6238 Appendix B, Table "Test Vectors": time (s), step T (hex), SHA1, SHA256, SHA512.
const RFC6238_VECTORS: [seconds: number, step: bigint, sha1: string, sha256: string, sha512: string][] = [
  [59, 0x1n, '94287082', '46119246', '90693936'],
  [1111111109, 0x23523ecn, '07081804', '68084774', '25091201'],
  [1111111111, 0x23523edn, '14050471', '67062674', '99943326'],
  [1234567890, 0x273ef07n, '89005924', '91819424', '93441116'],
  [2000000000, 0x3f940aan, '69279037', '90698825', '38618901'],
  [20000000000, 0x27bc86aan, '65353130', '77737706', '47863826'],
];

const CASES = RFC6238_VECTORS.flatMap(([seconds, step, sha1, sha256, sha512]) =>
  (
    [
      ['SHA1', sha1],
      ['SHA256', sha256],
      ['SHA512', sha512],
    ] as [Algorithm & keyof typeof SEEDS, string][]
  ).map(([algorithm, expected]) => ({ seconds, step, algorithm, expected })),
);

describe('totp', () => {
  it.each(CASES)(
    'matches RFC 6238 Appendix B at T=$seconds with $algorithm',
    ({ seconds, algorithm, expected }) => {
      expect(totp(SEEDS[algorithm], seconds * 1000, { algorithm, digits: 8, period: 30 })).toBe(expected);
    },
  );

  it.each(RFC6238_VECTORS)('computes the RFC 6238 Appendix B step for T=%s', (seconds, step) => {
    expect(timeStep(seconds * 1000, 30)).toBe(step);
  });

  it('keeps the code for a whole period and changes at the boundary', () => {
    const secret = SEEDS.SHA1;
    expect(totp(secret, 60_000)).toBe(totp(secret, 89_999));
    expect(totp(secret, 89_999)).not.toBe(totp(secret, 90_000));
  });

  it('places times just before a step boundary in the earlier step, even for huge times', () => {
    // 2^53 − 1 ms is far beyond 2038 and 2106; dividing first would round up into the next step.
    const nowMs = Number.MAX_SAFE_INTEGER;
    expect(timeStep(nowMs, 1)).toBe(BigInt(nowMs) / 1000n);
    expect(timeStep(29_999, 30)).toBe(0n);
    expect(timeStep(30_000, 30)).toBe(1n);
  });

  it('accepts periods from 1 to 86,400 seconds and digits from 1 to 10', () => {
    const secret = SEEDS.SHA1;
    expect(totp(secret, 59_000, { period: 1, digits: 1 })).toMatch(/^\d$/);
    expect(totp(secret, 59_000, { period: 86_400, digits: 10 })).toMatch(/^\d{10}$/);
    // With one-day steps, 59 s and 86,399 s share step 0, which RFC 4226 vectors give for counter 0.
    expect(totp(secret, 86_399_000, { period: 86_400 })).toBe('755224');
  });

  it.each([0, 86_401, 1.5, -30])('throws RangeError for period %s', (period) => {
    expect(() => totp(SEEDS.SHA1, 0, { period })).toThrow(RangeError);
    expect(() => timeStep(0, period)).toThrow(RangeError);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('throws RangeError for time %s', (nowMs) => {
    expect(() => totp(SEEDS.SHA1, nowMs)).toThrow(RangeError);
  });
});
