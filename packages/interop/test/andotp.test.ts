import { type Account, encodeBase32 } from '@kakunin/otp';
import { describe, expect, it } from 'vitest';
import { type ImportError, importFile } from '../src/index.ts';
import { bytesOf, SAMPLE } from './support/accounts.ts';
import { andOTPLegacySeal, andOTPSeal } from './support/seal.ts';

// Entries as andOTP writes them (secret base32 with padding, STEAM type, tags).
// @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/AndOtpImporter.java
const padded = (text: string): string => text.padEnd(Math.ceil(text.length / 8) * 8, '=');

const entry = (a: Account): object => ({
  secret: padded(encodeBase32(a.secret)),
  issuer: a.issuer,
  label: a.name,
  digits: a.digits,
  type: a.type.toUpperCase(),
  algorithm: a.algorithm,
  thumbnail: 'Default',
  last_used: 1608146844162,
  ...(a.type === 'hotp' ? { counter: Number(a.counter) } : { period: a.period }),
  tags: a.group ? [a.group] : [],
});

const plain = JSON.stringify(SAMPLE.map(entry));

describe('andOTP backups', () => {
  it('reads a plain backup', async () => {
    const result = await importFile(bytesOf(plain));
    expect(result.format).toBe('andotp');
    expect(result.accounts).toEqual(SAMPLE);
  });

  it('reads old entries whose label is "Issuer - name", and tags as the group', async () => {
    const { issuer: _issuer, ...old } = entry(SAMPLE[0]!) as Record<string, unknown>;
    const list = [{ ...old, label: 'Example - alice@example.com', tags: ['Work'] }];
    const result = await importFile(bytesOf(JSON.stringify(list)));
    expect(result.accounts).toEqual([{ ...SAMPLE[0], group: 'Work' }]);
  });

  it('decrypts an encrypted backup (PBKDF2-SHA1) found by content alone', async () => {
    const bytes = await andOTPSeal(plain, 'hunter2', 1000);
    await expect(importFile(bytes, { filename: 'otp.json.aes' })).rejects.toMatchObject({
      code: 'PASSWORD_REQUIRED',
      filename: 'otp.json.aes',
    });
    await expect(importFile(bytes, { password: 'hunter3' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
    });
    const result = await importFile(bytes, { password: 'hunter2' });
    expect(result.format).toBe('andotp-encrypted');
    expect(result.accounts).toEqual(SAMPLE);
  });

  it('decrypts the old SHA-256 key format when the format is given', async () => {
    const bytes = await andOTPLegacySeal(plain, 'hunter2');
    const result = await importFile(bytes, { password: 'hunter2', format: 'andotp-encrypted' });
    expect(result.accounts).toEqual(SAMPLE);
  });

  it('recognises the old headerless encrypted format by its password, and names the format without one', async () => {
    const bytes = await andOTPLegacySeal(plain, 'hunter2');
    const result = await importFile(bytes, { password: 'hunter2', filename: 'otp_accounts.json.aes' });
    expect(result.format).toBe('andotp-encrypted');
    expect(result.accounts).toEqual(SAMPLE);
    for (const password of [undefined, 'hunter3']) {
      const error = await importFile(bytes, {
        filename: 'otp_accounts.json.aes',
        ...(password ? { password } : {}),
      }).catch((e: unknown) => e as ImportError);
      expect(error).toMatchObject({ code: 'UNKNOWN_FORMAT', filename: 'otp_accounts.json.aes' });
      expect((error as ImportError).message).toContain('old andOTP encrypted backup');
      expect((error as ImportError).message).toContain('andotp-encrypted');
    }
  });

  it('refuses a list of secrets in another layout instead of reading it as andOTP and dropping names', async () => {
    // What Google Authenticator extraction tools print: name/issuer/type keys, lower-case types.
    const extracted = SAMPLE.map((a) => ({
      name: a.name,
      issuer: a.issuer,
      secret: encodeBase32(a.secret),
      type: a.type,
      counter: Number(a.counter),
    }));
    const error = (await importFile(bytesOf(JSON.stringify(extracted)), { filename: 'ga.json' }).catch(
      (e: unknown) => e,
    )) as ImportError;
    expect(error).toMatchObject({ code: 'UNKNOWN_FORMAT', filename: 'ga.json' });
    expect(error.message).toContain('in no known app’s layout');
  });

  it('treats a flipped byte in the ciphertext as a failed decryption, never a partial import', async () => {
    const bytes = await andOTPSeal(plain, 'hunter2', 1000);
    bytes[60]! ^= 0x01;
    await expect(importFile(bytes, { password: 'hunter2' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
    });
  });
});
