import { type Account, type Algorithm, createAccount, decodeBase32 } from '@kakunin/otp';
import fc from 'fast-check';

/** Issuers and names in any script, without surrounding spaces (apps trim them). */
export const labelText: fc.Arbitrary<string> = fc
  .string({ unit: 'grapheme', maxLength: 20 })
  .map((t) => t.trim());

const secret = fc.uint8Array({ minLength: 1, maxLength: 40 });
const algorithm = fc.constantFrom<Algorithm>('SHA1', 'SHA256', 'SHA512', 'MD5');

/** Any account an otpauth:// URI or an Aegis vault can hold exactly (period only where it matters). */
export const anyAccount: fc.Arbitrary<Account> = fc
  .oneof(
    fc.record({
      type: fc.constantFrom<'totp' | 'hotp'>('totp', 'hotp'),
      secret,
      issuer: labelText,
      name: labelText,
      algorithm,
      digits: fc.integer({ min: 1, max: 10 }),
      period: fc.integer({ min: 1, max: 86_400 }),
      counter: fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }),
    }),
    fc.record({ type: fc.constant<'steam'>('steam'), secret, issuer: labelText, name: labelText }),
  )
  .map((fields) => {
    const account = createAccount(fields);
    if (account.type !== 'hotp') account.counter = 0n;
    else account.period = 30;
    return account;
  });

/** Accounts Google Authenticator's export can carry: TOTP/HOTP, 30 s, 6 or 8 digits. */
export const migratableAccount: fc.Arbitrary<Account> = fc
  .record({
    type: fc.constantFrom<'totp' | 'hotp'>('totp', 'hotp'),
    secret,
    issuer: labelText,
    name: labelText,
    algorithm,
    digits: fc.constantFrom(6, 8),
    counter: fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }),
  })
  .map((f) => createAccount({ ...f, counter: f.type === 'hotp' ? f.counter : 0n }));

/** A fixed set covering every type, algorithm and an unusual period, for spec-built fixtures. */
export const SAMPLE: readonly Account[] = [
  createAccount({ secret: decodeBase32('JBSWY3DPEHPK3PXP'), issuer: 'Example', name: 'alice@example.com' }),
  createAccount({
    secret: decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'),
    issuer: 'サイボウズ',
    name: '田中',
    algorithm: 'SHA256',
    digits: 8,
    period: 60,
  }),
  createAccount({
    type: 'hotp',
    secret: decodeBase32('KUVJJOM753IHTNDSZVCNKL7GII'),
    issuer: 'Air Canada',
    name: 'Benjamin',
    algorithm: 'SHA512',
    digits: 7,
    counter: 50n,
  }),
  createAccount({
    type: 'steam',
    secret: decodeBase32('JRZCL47CMXVOQMNPZR2F7J4RGI'),
    issuer: 'Steam',
    name: 'gamer',
  }),
];

/** Text of a file as bytes. */
export const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
