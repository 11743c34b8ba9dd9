import * as accounts from '@kakunin/test-support/accounts';
import fc from 'fast-check';
import type { Account } from '../src/index.ts';

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

/** Any account this package can hold. */
export const anyAccount: fc.Arbitrary<Account> = accounts.anyAccount({
  label: labelText,
  maxSecretBytes: 64,
  maxCounter: (1n << 64n) - 1n,
});

/** Accounts that Google Authenticator's migration format can carry. */
export const migratableAccount: fc.Arbitrary<Account> = accounts.migratableAccount({
  label: labelText,
  maxSecretBytes: 64,
});
