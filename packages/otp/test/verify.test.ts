import { describe, expect, it } from 'vitest';
import { hotp, totp, verifyHOTP, verifyTOTP } from '../src/index.ts';

const SECRET = new TextEncoder().encode('12345678901234567890');
const NOW = 1_234_567_890_000; // step 41152263 with 30-second periods
const STEP = 41152263n;

describe('verifyTOTP', () => {
  it('accepts the current code and returns its step', () => {
    expect(verifyTOTP(SECRET, totp(SECRET, NOW), NOW)).toEqual({ ok: true, step: STEP });
  });

  it('accepts the previous and next step within the default window of 1', () => {
    expect(verifyTOTP(SECRET, totp(SECRET, NOW - 30_000), NOW)).toEqual({ ok: true, step: STEP - 1n });
    expect(verifyTOTP(SECRET, totp(SECRET, NOW + 30_000), NOW)).toEqual({ ok: true, step: STEP + 1n });
  });

  it('refuses codes two steps away unless the window is widened', () => {
    const old = totp(SECRET, NOW - 60_000);
    expect(verifyTOTP(SECRET, old, NOW)).toEqual({ ok: false });
    expect(verifyTOTP(SECRET, old, NOW, { window: 2 })).toEqual({ ok: true, step: STEP - 2n });
    expect(verifyTOTP(SECRET, totp(SECRET, NOW - 30_000), NOW, { window: 0 })).toEqual({ ok: false });
  });

  it('reports the current step when a code repeats in a neighbouring step', () => {
    // Find a secret whose code for step s equals the code for step s − 1 (1 in 10^digits: use 1 digit).
    for (let s = 1; s < 500; s++) {
      const nowMs = s * 30_000;
      const current = totp(SECRET, nowMs, { digits: 1 });
      if (current === totp(SECRET, nowMs - 30_000, { digits: 1 })) {
        expect(verifyTOTP(SECRET, current, nowMs, { digits: 1 })).toEqual({ ok: true, step: BigInt(s) });
        return;
      }
    }
    throw new Error('no repeated code found');
  });

  it('never looks before step 0', () => {
    expect(verifyTOTP(SECRET, totp(SECRET, 0), 0)).toEqual({ ok: true, step: 0n });
  });

  it.each([
    ['wrong length', '12345'],
    ['too long', '1234567'],
    ['letters', '12a456'],
    ['spaces', '123 45'],
    ['full-width digits', '１２３４５６'],
    ['empty', ''],
  ])('returns { ok: false } for a malformed code (%s)', (_, malformed) => {
    expect(verifyTOTP(SECRET, malformed, NOW)).toEqual({ ok: false });
  });

  it('returns { ok: false } for a code that is not a string', () => {
    // biome-ignore lint/suspicious/noExplicitAny: untyped callers may pass anything
    expect(verifyTOTP(SECRET, 123456 as any, NOW)).toEqual({ ok: false });
  });

  it('checks other algorithms, digit counts and periods', () => {
    const options = { algorithm: 'SHA512', digits: 8, period: 60 } as const;
    expect(verifyTOTP(SECRET, totp(SECRET, NOW, options), NOW, options)).toEqual({
      ok: true,
      step: BigInt(Math.floor(NOW / 60_000)),
    });
    expect(verifyTOTP(SECRET, totp(SECRET, NOW, options), NOW, { ...options, algorithm: 'SHA1' }).ok).toBe(
      false,
    );
  });

  it('throws RangeError for misuse: bad window, period or digits, or MD5', () => {
    expect(() => verifyTOTP(SECRET, '123456', NOW, { window: -1 })).toThrow(RangeError);
    expect(() => verifyTOTP(SECRET, '123456', NOW, { window: 1.5 })).toThrow(RangeError);
    expect(() => verifyTOTP(SECRET, '123456', NOW, { period: 0 })).toThrow(RangeError);
    expect(() => verifyTOTP(SECRET, '123456', NOW, { digits: 11 })).toThrow(RangeError);
    expect(() => verifyTOTP(SECRET, '123456', NOW, { algorithm: 'MD5' })).toThrow(RangeError);
  });
});

describe('verifyHOTP', () => {
  it('accepts the code for the expected counter', () => {
    // RFC 4226 Appendix D: counter 5 → 254676.
    expect(verifyHOTP(SECRET, '254676', 5n)).toEqual({ ok: true, counter: 5n });
  });

  it('looks ahead only as far as asked and returns the counter that matched', () => {
    // RFC 4226 Appendix D: counter 8 → 399871.
    expect(verifyHOTP(SECRET, '399871', 5n)).toEqual({ ok: false });
    expect(verifyHOTP(SECRET, '399871', 5n, { lookAhead: 2 })).toEqual({ ok: false });
    expect(verifyHOTP(SECRET, '399871', 5n, { lookAhead: 3 })).toEqual({ ok: true, counter: 8n });
  });

  it('never accepts a counter behind the expected one', () => {
    expect(verifyHOTP(SECRET, '254676', 6n, { lookAhead: 10 })).toEqual({ ok: false });
  });

  it('handles counters beyond 2^32 and stops at 2^64 − 1', () => {
    const big = (1n << 32n) + 7n;
    expect(verifyHOTP(SECRET, hotp(SECRET, big + 1n), big, { lookAhead: 1 })).toEqual({
      ok: true,
      counter: big + 1n,
    });
    const max = (1n << 64n) - 1n;
    expect(verifyHOTP(SECRET, hotp(SECRET, max), max, { lookAhead: 5 })).toEqual({ ok: true, counter: max });
  });

  it('returns { ok: false } for malformed codes', () => {
    expect(verifyHOTP(SECRET, '25467', 5n)).toEqual({ ok: false });
    expect(verifyHOTP(SECRET, '25467x', 5n)).toEqual({ ok: false });
  });

  it('throws RangeError for misuse', () => {
    expect(() => verifyHOTP(SECRET, '254676', -1n)).toThrow(RangeError);
    expect(() => verifyHOTP(SECRET, '254676', 0n, { lookAhead: -1 })).toThrow(RangeError);
    expect(() => verifyHOTP(SECRET, '254676', 0n, { algorithm: 'MD5' })).toThrow(RangeError);
  });
});
