import { describe, expect, it } from 'vitest';
import { mergeAccounts } from '../src/index.ts';
import { SAMPLE } from './support/accounts.ts';

describe('mergeAccounts', () => {
  it('skips accounts with the same type, secret, issuer and name, and reports them', () => {
    const [a, b, c] = [SAMPLE[0]!, SAMPLE[1]!, SAMPLE[2]!];
    const copyOfA = { ...a, secret: new Uint8Array(a.secret), digits: 8, note: 'other fields may differ' };
    const { added, duplicates } = mergeAccounts([a, b], [copyOfA, c, { ...c }]);
    expect(added).toEqual([c]);
    expect(duplicates).toEqual([copyOfA, c]);
  });

  it('keeps accounts that differ in any of the four identifying fields', () => {
    const a = SAMPLE[0]!;
    const secret = new Uint8Array(a.secret);
    secret[0]! ^= 1;
    const variants = [
      { ...a, secret },
      { ...a, issuer: 'Other' },
      { ...a, name: 'other' },
      { ...a, type: 'hotp' as const },
    ];
    const { added, duplicates } = mergeAccounts([a], variants);
    expect(added).toEqual(variants);
    expect(duplicates).toEqual([]);
  });
});
