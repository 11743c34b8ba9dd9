import { type Account, type Algorithm, createAccount } from '@kakunin/otp';
import fc from 'fast-check';

/** How wide the generated accounts range, where the formats under test differ. */
export interface AccountRange {
  /** Issuers and names (default: any script, trimmed). */
  label?: fc.Arbitrary<string>;
  /** Longest secret in bytes (default 40). */
  maxSecretBytes?: number;
  /** Largest HOTP counter (default 2^63 − 1, what signed 64-bit stores hold). */
  maxCounter?: bigint;
}

/** Issuers and names in any script, without surrounding spaces (apps trim them). */
export const anyLabel: fc.Arbitrary<string> = fc
  .string({ unit: 'grapheme', maxLength: 20 })
  .map((t) => t.trim());

const algorithm = fc.constantFrom<Algorithm>('SHA1', 'SHA256', 'SHA512', 'MD5');
const SIGNED_64_MAX = (1n << 63n) - 1n;

/**
 * Any account an otpauth:// URI, a vault or an export holds exactly: the counter only for HOTP and
 * the period only for TOTP and Steam, as a key URI carries them.
 */
export function anyAccount(range: AccountRange = {}): fc.Arbitrary<Account> {
  const { label = anyLabel, maxSecretBytes = 40, maxCounter = SIGNED_64_MAX } = range;
  const secret = fc.uint8Array({ minLength: 1, maxLength: maxSecretBytes });
  return fc
    .oneof(
      fc.record({
        type: fc.constantFrom<'totp' | 'hotp'>('totp', 'hotp'),
        secret,
        issuer: label,
        name: label,
        algorithm,
        digits: fc.integer({ min: 1, max: 10 }),
        period: fc.integer({ min: 1, max: 86_400 }),
        counter: fc.bigInt({ min: 0n, max: maxCounter }),
      }),
      fc.record({ type: fc.constant<'steam'>('steam'), secret, issuer: label, name: label }),
    )
    .map((fields) => {
      const account = createAccount(fields);
      if (account.type !== 'hotp') account.counter = 0n;
      else account.period = 30;
      return account;
    });
}

/** Accounts Google Authenticator's export can carry: TOTP/HOTP, 30 s, 6 or 8 digits. */
export function migratableAccount(range: AccountRange = {}): fc.Arbitrary<Account> {
  const { label = anyLabel, maxSecretBytes = 40 } = range;
  return fc
    .record({
      type: fc.constantFrom<'totp' | 'hotp'>('totp', 'hotp'),
      secret: fc.uint8Array({ minLength: 1, maxLength: maxSecretBytes }),
      issuer: label,
      name: label,
      algorithm,
      digits: fc.constantFrom(6, 8),
      counter: fc.bigInt({ min: 0n, max: SIGNED_64_MAX }),
    })
    .map((f) => createAccount({ ...f, counter: f.type === 'hotp' ? f.counter : 0n }));
}
