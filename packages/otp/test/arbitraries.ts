import fc from 'fast-check';
import { type Account, type Algorithm, createAccount } from '../src/index.ts';

/** A small seeded PRNG (mulberry32), so loops over thousands of cases are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Issuers and names as people write them: any script, and the characters that URIs and labels
 * treat specially (':', '%', '+', '&', '=', '#', '?', '/'); no surrounding spaces.
 */
export const labelText: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 24 }),
    fc.string({ unit: fc.constantFrom(...'ab確認 :%+&=#?/é🙂'), maxLength: 16 }),
  )
  .map((text) => text.trim());

const algorithm = fc.constantFrom<Algorithm>('SHA1', 'SHA256', 'SHA512', 'MD5');
const secret = fc.uint8Array({ minLength: 1, maxLength: 64 });

/** Any account this package can hold. */
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
      counter: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    }),
    fc.record({ type: fc.constant<'steam'>('steam'), secret, issuer: labelText, name: labelText }),
  )
  .map((fields) => {
    const account = createAccount(fields);
    // A key URI carries the counter only for HOTP and the period only for TOTP/Steam.
    if (account.type !== 'hotp') account.counter = 0n;
    else account.period = 30;
    return account;
  });

/** Accounts that Google Authenticator's migration format can carry. */
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
  .map((fields) => createAccount({ ...fields, counter: fields.type === 'hotp' ? fields.counter : 0n }));
