import { type Account, encodeBase32 } from '@kakunin/otp';
import { describe, expect, it } from 'vitest';
import { importFile } from '../src/index.ts';
import { bytesOf, SAMPLE } from './support/accounts.ts';
import { stratumLegacySeal, stratumSeal } from './support/seal.ts';

// Stratum (Authenticator Pro) numeric codes: Type 1 HOTP, 2 TOTP, 3 mOTP, 4 Steam; Algorithm 0/1/2.
// @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/StratumImporter.java
const TYPE = { hotp: 1, totp: 2, steam: 4 };
const authenticator = (a: Account): object => ({
  Type: TYPE[a.type],
  Icon: null,
  Issuer: a.issuer,
  Username: a.name || null,
  Secret: encodeBase32(a.secret),
  Pin: null,
  Algorithm: ['SHA1', 'SHA256', 'SHA512'].indexOf(a.algorithm),
  Digits: a.digits,
  Period: a.period,
  Counter: Number(a.counter),
  Ranking: 0,
});

describe('Stratum backups', () => {
  it('reads authenticators, categories as groups, and skips mOTP with a warning', async () => {
    const accounts = SAMPLE.filter((a) => a.algorithm !== 'MD5');
    const first = accounts[0]!;
    const file = {
      Authenticators: [...accounts.map(authenticator), { ...authenticator(first), Type: 3, Issuer: 'Old' }],
      Categories: [{ Id: 'c1', Name: 'Work', Ranking: 0 }],
      AuthenticatorCategories: [
        { CategoryId: 'c1', AuthenticatorSecret: encodeBase32(first.secret), Ranking: 0 },
      ],
      CustomIcons: [],
    };
    const result = await importFile(bytesOf(JSON.stringify(file)));
    expect(result.format).toBe('stratum');
    expect(result.accounts).toEqual([{ ...first, group: 'Work' }, ...accounts.slice(1)]);
    expect(result.warnings).toEqual([expect.stringContaining('authenticator 5')]);
  });

  it('reports a cut-off encrypted backup as damaged, naming the file, before asking for nothing more', async () => {
    const bytes = Uint8Array.from([...bytesOf('AUTHENTICATORPRO'), 0xff, 0xfe, 0x80, 0x00, 0x13]);
    await expect(importFile(bytes, { filename: 'backup.stratum', password: 'pw' })).rejects.toMatchObject({
      code: 'DAMAGED',
      filename: 'backup.stratum',
    });
  });

  const plainBackup = (): string =>
    JSON.stringify({ Authenticators: SAMPLE.filter((a) => a.algorithm !== 'MD5').map(authenticator) });

  it('decrypts a current encrypted backup (Argon2id, AES-GCM) and tells a wrong password', async () => {
    const salt = new Uint8Array(16).fill(3);
    const iv = new Uint8Array(12).fill(4);
    const file = await stratumSeal(bytesOf(plainBackup()), 'pw', salt, iv);
    await expect(importFile(file, { filename: 'backup.authpro' })).rejects.toMatchObject({
      code: 'PASSWORD_REQUIRED',
      filename: 'backup.authpro',
    });
    await expect(importFile(file, { password: 'nope', filename: 'backup.authpro' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
      filename: 'backup.authpro',
    });
    const result = await importFile(file, { password: 'pw' });
    expect(result.format).toBe('stratum-encrypted');
    expect(result.accounts).toEqual(SAMPLE.filter((a) => a.algorithm !== 'MD5'));
  }, 30_000);

  it('decrypts a legacy encrypted backup (PBKDF2-SHA1, AES-CBC), and a cut one is damaged', async () => {
    const salt = new Uint8Array(20).fill(5);
    const iv = new Uint8Array(16).fill(6);
    const file = await stratumLegacySeal(bytesOf(plainBackup()), 'pw', salt, iv);
    const result = await importFile(file, { password: 'pw' });
    expect(result.format).toBe('stratum-encrypted');
    expect(result.accounts).toEqual(SAMPLE.filter((a) => a.algorithm !== 'MD5'));
    await expect(importFile(file.slice(0, 40), { password: 'pw', filename: 'b' })).rejects.toMatchObject({
      code: 'DAMAGED',
      filename: 'b',
    });
  });
});
