import { type Account, createAccount } from '@kakunin/otp';
import { describe, expect, it } from 'vitest';
import { importFile } from '../src/index.ts';
import { bytesOf, SAMPLE } from './support/accounts.ts';

// FreeOTP+ tokens: secret as signed Java bytes, issuerExt/label, TOTP/HOTP only.
// @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/FreeOtpImporter.java
const token = (a: Account): object => ({
  algo: a.algorithm,
  counter: Number(a.counter),
  digits: a.digits,
  issuerExt: a.issuer,
  issuerInt: a.issuer,
  label: a.name,
  period: a.period,
  secret: [...a.secret].map((b) => (b > 127 ? b - 256 : b)),
  type: a.type === 'hotp' ? 'HOTP' : 'TOTP',
});

describe('FreeOTP+ backups', () => {
  it('reads tokens with signed-byte secrets, keeping the stored counter as it is', async () => {
    const accounts = SAMPLE.filter((a) => a.type !== 'steam');
    const file = { tokenOrder: accounts.map((a) => `${a.issuer}:${a.name}`), tokens: accounts.map(token) };
    const result = await importFile(bytesOf(JSON.stringify(file)));
    expect(result.format).toBe('freeotp-plus');
    expect(result.accounts).toEqual(accounts);
  });

  it('reads a TOTP token issued by "Steam" as a Steam Guard key, as FreeOTP does', async () => {
    const steam = SAMPLE[3]!;
    const file = { tokenOrder: [], tokens: [{ ...token(steam), digits: 5, type: 'TOTP' }] };
    const result = await importFile(bytesOf(JSON.stringify(file)));
    expect(result.accounts).toEqual([createAccount({ ...steam })]);
  });
});
