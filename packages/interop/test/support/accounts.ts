import { type Account, createAccount, decodeBase32 } from '@kakunin/otp';
import * as accounts from '@kakunin/test-support/accounts';
import type fc from 'fast-check';

/** Any account an otpauth:// URI or an Aegis vault can hold exactly (period only where it matters). */
export const anyAccount: fc.Arbitrary<Account> = accounts.anyAccount();

/** Accounts Google Authenticator's export can carry: TOTP/HOTP, 30 s, 6 or 8 digits. */
export const migratableAccount: fc.Arbitrary<Account> = accounts.migratableAccount();

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
