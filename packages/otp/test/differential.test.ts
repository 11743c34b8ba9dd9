import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { hotp, totp, verifyTOTP } from '../src/index.ts';
import { seededRandom } from './arbitraries.ts';

// otpauth (hectorm/otpauth) is an independent, widely used implementation: the oracle here.
const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
const random = seededRandom(0x6b616b75);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

function randomSecret(): Uint8Array {
  return Uint8Array.from({ length: int(1, 64) }, () => int(0, 255));
}

function oracleSecret(secret: Uint8Array): OTPAuth.Secret {
  return new OTPAuth.Secret({ buffer: secret.slice().buffer });
}

describe('codes agree with otpauth', { timeout: 30_000 }, () => {
  it('for 5,000 random TOTP secrets, times up to year 275,000, algorithms, digits and periods', () => {
    for (let i = 0; i < 5_000; i++) {
      const secret = randomSecret();
      const algorithm = pick(ALGORITHMS);
      const digits = int(1, 10);
      const period = pick([30, 60, int(1, 86_400)]);
      // Half the times land beyond 2038 (2^31 s) and many beyond 2106 (2^32 s).
      const nowMs = i % 2 === 0 ? int(0, 2 ** 31) * 1000 + int(0, 999) : Math.floor(random() * 8.64e15);
      const expected = new OTPAuth.TOTP({ secret: oracleSecret(secret), algorithm, digits, period }).generate(
        {
          timestamp: nowMs,
        },
      );
      expect(totp(secret, nowMs, { algorithm, digits, period }), `case ${i}`).toBe(expected);
    }
  });

  it('for 3,000 random HOTP secrets and counters up to 2^53', () => {
    for (let i = 0; i < 3_000; i++) {
      const secret = randomSecret();
      const algorithm = pick(ALGORITHMS);
      const digits = int(1, 10);
      const counter = i % 3 === 0 ? int(0, 1000) : Math.floor(random() * Number.MAX_SAFE_INTEGER);
      const expected = new OTPAuth.HOTP({
        secret: oracleSecret(secret),
        algorithm,
        digits,
        counter,
      }).generate();
      expect(hotp(secret, BigInt(counter), { algorithm, digits }), `case ${i}`).toBe(expected);
    }
  });

  it('and verification accepts exactly what otpauth accepts within a window of 1', () => {
    for (let i = 0; i < 1_000; i++) {
      const secret = randomSecret();
      const nowMs = int(30_000, 2 ** 40);
      const code = String(int(0, 999_999)).padStart(6, '0');
      const tokenMs = nowMs + int(-2, 2) * 30_000;
      const token = i % 2 === 0 ? totp(secret, tokenMs) : code;
      const delta = OTPAuth.TOTP.validate({
        token,
        secret: oracleSecret(secret),
        timestamp: nowMs,
        window: 1,
      });
      const result = verifyTOTP(secret, token, nowMs);
      expect(result.ok, `case ${i}`).toBe(delta !== null);
    }
  });
});
