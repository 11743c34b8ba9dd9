import { type Account, createAccount } from '@kakunin/otp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountFingerprint,
  checkReceipt,
  decodeReceipt,
  encodeReceipt,
  RECEIPT_PREFIX,
} from '../src/lib/receipt.js';
import { matchesReceiptCode, normaliseReceiptCode, receiptCode } from '../src/lib/receipt-code.js';

const acct = (seed: number, fields: Partial<Account> = {}): Account =>
  createAccount({
    secret: new Uint8Array(20).map((_, i) => (seed * 13 + i) & 0xff),
    issuer: `S${seed}`,
    name: `u${seed}`,
    ...fields,
  });

describe('move receipt', () => {
  it('round-trips and stays in the QR alphanumeric alphabet', async () => {
    const accounts = [acct(1), acct(2), acct(3)];
    const text = await encodeReceipt(accounts);
    expect(text.startsWith(RECEIPT_PREFIX)).toBe(true);
    expect(text).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    const receipt = decodeReceipt(text);
    expect(receipt?.count).toBe(3);
    expect(receipt?.fingerprints).toEqual(await Promise.all(accounts.map(accountFingerprint)));
  });

  it('is small: about 6.4 characters per account', async () => {
    const text = await encodeReceipt(Array.from({ length: 100 }, (_, i) => acct(i)));
    expect(text.length).toBeLessThan(RECEIPT_PREFIX.length + 4 + 650);
  });

  it('finds what arrived and what is missing, as a multiset, ignoring renames', async () => {
    const here = [acct(1), acct(2), acct(2), acct(3, { type: 'hotp' })];
    const there = [acct(1, { issuer: 'Renamed', name: 'other' }), acct(2), acct(9)];
    const receipt = decodeReceipt(await encodeReceipt(there))!;
    const check = await checkReceipt(receipt, here, (a) => a);
    expect(check.arrived).toEqual([here[0], here[1]]);
    expect(check.missing).toEqual([here[2], here[3]]);
  });

  it('tells apart accounts that produce different codes', async () => {
    const base = acct(5);
    const variants = [
      acct(5, { digits: 8 }),
      acct(5, { algorithm: 'SHA256' }),
      acct(5, { period: 60 }),
      acct(5, { type: 'hotp' }),
      acct(6),
    ];
    const fp = await accountFingerprint(base);
    for (const v of variants) expect(await accountFingerprint(v)).not.toBe(fp);
  });

  it('rejects anything that is not an intact receipt', () => {
    for (const text of [
      'otpauth://totp/x?secret=AAAA',
      'KAKUNIN-RECEIPT:V1:2:AAAAAAAA', // 5 bytes, needs 8
      'KAKUNIN-RECEIPT:V1:x:AAAA',
      'KAKUNIN-RECEIPT:V2:1:AAAAAAA',
      'KAKUNIN-RECEIPT:V1:1:AAAAAA1',
    ]) {
      expect(decodeReceipt(text)).toBeNull();
    }
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = decodeReceipt(RECEIPT_PREFIX + s);
        expect(r === null || r.fingerprints.length === r.count).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('typed confirmation code', () => {
  it('is 8 Base32 characters that match exactly the same set of accounts, in any order', async () => {
    const set = [acct(1), acct(2), acct(3)];
    const code = await receiptCode(set);
    expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    expect(await matchesReceiptCode(code, [...set].reverse())).toBe(true);
    expect(await matchesReceiptCode(code.toLowerCase().replace('-', ' '), set)).toBe(true);
    expect(await matchesReceiptCode(code, set.slice(0, 2))).toBe(false);
    expect(await matchesReceiptCode(code, [...set, acct(4)])).toBe(false);
    expect(await matchesReceiptCode(code, [acct(1), acct(2), acct(3, { digits: 8 })])).toBe(false);
  });

  it('reads digits that look like letters as those letters, and refuses other input', () => {
    expect(normaliseReceiptCode('ab0d-ef18')).toBe('ABODEFIB');
    expect(normaliseReceiptCode('ABCD-EFG')).toBeNull();
    expect(normaliseReceiptCode('ABCD-EFG9')).toBeNull();
  });
});
