import { type Account, createAccount, decodeBase32 } from '@kakunin/otp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNEXPECTED } from '../src/import-file.ts';
import { ImportError, importFile } from '../src/index.ts';
import { bytesOf, SAMPLE } from './support/accounts.ts';
import {
  authySeal,
  base32,
  battleNetMask,
  freeOTPBackup,
  freeOTPToken,
  prefsXML,
  totpAuthenticatorBackup,
  totpAuthenticatorEntry,
} from './support/app-files.ts';

// Fixtures built from each app's layout (see the readers' doc comments and Aegis's importers).
const [example, cybozu, aircanada] = SAMPLE as [Account, Account, Account, Account];
const totp30 = (a: Account): Account => ({ ...a, algorithm: 'SHA1', period: 30 });

const failure = (bytes: Uint8Array, options: { filename?: string; password?: string } = {}) =>
  importFile(bytes, { filename: 'data.file', ...options }).then(
    () => {
      throw new Error('imported');
    },
    (e: unknown) => e as ImportError,
  );

const authyToken = (a: Account) => ({
  accountType: 'authenticator',
  digits: a.digits,
  originalIssuer: a.issuer,
  originalName: `${a.issuer}:${a.name}`,
  name: `${a.issuer}: ${a.name}`,
  timestamp: 1608374963,
});
const AUTHY_KEY = 'com.authy.storage.tokens.authenticator.key';

describe('Authy token store', () => {
  it('reads the plain store as SHA-1, 30-second tokens (Authy keeps neither)', async () => {
    const tokens = [example, cybozu].map((a) => ({ ...authyToken(a), decryptedSecret: base32(a) }));
    const result = await importFile(bytesOf(prefsXML({ [AUTHY_KEY]: JSON.stringify(tokens) })));
    expect(result.format).toBe('authy');
    expect(result.accounts).toEqual([example, totp30(cybozu)]);
  });

  it('decrypts the store protected by a backup password, and refuses a wrong one naming the file', async () => {
    const tokens = await Promise.all(
      [example, cybozu].map(async (a, i) => ({
        ...authyToken(a),
        encryptedSecret: await authySeal(base32(a), 'backup-pw', `salt${i}`),
        salt: `salt${i}`,
      })),
    );
    const bytes = bytesOf(prefsXML({ [AUTHY_KEY]: JSON.stringify(tokens) }));
    const name = 'com.authy.storage.tokens.authenticator.xml';
    const required = await failure(bytes, { filename: name });
    expect(required).toMatchObject({ code: 'PASSWORD_REQUIRED', filename: name });
    expect(required.message).toContain('an encrypted Authy file');
    expect(await failure(bytes, { filename: name, password: 'nope' })).toMatchObject({
      code: 'WRONG_PASSWORD',
      filename: name,
    });
    const result = await importFile(bytes, { password: 'backup-pw' });
    expect(result.format).toBe('authy-encrypted');
    expect(result.accounts).toEqual([example, totp30(cybozu)]);
  });

  it('reads Authy’s own tokens (hex seed, 7 digits, 10 s)', async () => {
    const token = { name: 'Twilio', digits: 7, secretSeed: '0123456789abcdef0123456789abcdef' };
    const xml = prefsXML({ 'com.authy.storage.tokens.authy.key': JSON.stringify([token]) });
    const [account] = (await importFile(bytesOf(xml))).accounts;
    expect(account).toMatchObject({ issuer: 'Twilio', name: '', digits: 7, period: 10 });
  });

  it('names Authy when given its other preferences file', async () => {
    const error = await failure(bytesOf(prefsXML({ 'com.authy.onetouch.device': 'x' })), {
      filename: 'prefs.xml',
    });
    expect(error).toMatchObject({ code: 'UNKNOWN_FORMAT', app: 'Authy', filename: 'prefs.xml' });
    expect(error.message).toMatch(
      /^"prefs.xml" is a file of Authy, but not one Kakunin can read\. \(its tokens are in shared_prefs/,
    );
    expect(error.localizedMessage('ja')).toContain('Authy のファイルですが');
  });
});

describe('Battle.net authenticator preferences', () => {
  it('unmasks the device secret and serial', async () => {
    const secret = decodeBase32('BMGRXPGFARQQF4GMT25JATL2VYLAHDBI');
    const hex = [...secret].map((b) => b.toString(16).padStart(2, '0')).join('');
    const xml = prefsXML({
      'com.blizzard.messenger.AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE': 'MASK',
      'com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET': battleNetMask(hex),
      'com.blizzard.messenger.AUTHENTICATOR_SERIAL': battleNetMask('EU123456789012'),
    });
    const result = await importFile(bytesOf(xml));
    expect(result.format).toBe('battle-net');
    expect(result.accounts).toEqual([
      createAccount({ secret, issuer: 'Battle.net', name: 'EU-1234-5678-9012', digits: 8 }),
    ]);
  });

  it('reports a secret that does not unmask to hex as damaged, naming the file', async () => {
    const xml = prefsXML({ 'com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET': battleNetMask('not hex!') });
    expect(await failure(bytesOf(xml), { filename: 'bnet.xml' })).toMatchObject({
      code: 'DAMAGED',
      filename: 'bnet.xml',
    });
  });
});

describe('Duo Mobile accounts.json', () => {
  it('reads TOTP and HOTP (counter present) accounts with no issuer, and skips Duo Push', async () => {
    const list = [
      { accountType: 'OtpAccount', name: 'alice', otpGenerator: { otpSecret: base32(example) } },
      { accountType: 'OtpAccount', name: 'bob', otpGenerator: { otpSecret: base32(aircanada), counter: 3 } },
      { accountType: 'DuoPushAccount', name: 'Work' },
    ];
    const result = await importFile(bytesOf(JSON.stringify(list)));
    expect(result.format).toBe('duo');
    expect(result.accounts).toEqual([
      createAccount({ secret: example.secret, issuer: '', name: 'alice' }),
      createAccount({ type: 'hotp', secret: aircanada.secret, issuer: '', name: 'bob', counter: 3n }),
    ]);
    expect(result.warnings).toEqual([
      'account 3 (Work) was skipped: its type "DuoPushAccount" is not supported by Kakunin.',
    ]);
  });
});

describe('FreeOTP', () => {
  it('reads version 1’s tokens.xml in the app’s order', async () => {
    const xml = prefsXML({
      'Example:alice@example.com': JSON.stringify(freeOTPToken(example)),
      'Air Canada:Benjamin': JSON.stringify(freeOTPToken(aircanada)),
      tokenOrder: JSON.stringify(['Air Canada:Benjamin', 'Example:alice@example.com']),
    });
    const result = await importFile(bytesOf(xml));
    expect(result.format).toBe('freeotp');
    expect(result.accounts).toEqual([aircanada, example]);
  });

  it('unwraps version 2’s master key and each secret, and tells a wrong password', async () => {
    const bytes = await freeOTPBackup([example, cybozu, aircanada], 'pw');
    expect(await failure(bytes, { filename: 'externalBackup.xml' })).toMatchObject({
      code: 'PASSWORD_REQUIRED',
      filename: 'externalBackup.xml',
    });
    expect(await failure(bytes, { password: 'wrong' })).toMatchObject({ code: 'WRONG_PASSWORD' });
    const result = await importFile(bytes, { password: 'pw' });
    expect(result.format).toBe('freeotp-encrypted');
    expect(result.accounts).toEqual([example, cybozu, aircanada]);
  });

  it('never imports part of a version 2 backup whose secret was altered', async () => {
    const bytes = await freeOTPBackup([example, cybozu], 'pw');
    const text = new TextDecoder().decode(bytes);
    const at = text.lastIndexOf('mCipherText') + 16;
    const altered = bytes.slice();
    altered[at] = altered[at] === 0x31 ? 0x32 : 0x31;
    expect(await failure(altered, { password: 'pw' })).toMatchObject({ code: 'DAMAGED' });
  });
});

describe('Steam Guard files', () => {
  const steam = SAMPLE[3]!;
  const maFile = {
    shared_secret: Buffer.from(steam.secret).toString('base64'),
    account_name: 'gamer',
    revocation_code: 'R1234',
  };
  it.each([
    ['an old .maFile', maFile],
    ['the app’s new Steamguard file', { accounts: { '7656': maFile } }],
  ])('reads %s', async (_what, json) => {
    const result = await importFile(bytesOf(JSON.stringify(json)));
    expect(result.format).toBe('steam');
    expect(result.accounts).toEqual([steam]);
  });
});

describe('TOTP Authenticator', () => {
  it('decrypts a backup with its password, and one made without a password', async () => {
    const accounts = [totp30(example), { ...cybozu, algorithm: 'SHA1' as const }];
    const protectedFile = bytesOf(await totpAuthenticatorBackup(accounts, 'Testtest1'));
    expect(await failure(protectedFile, { filename: 'backup.bin' })).toMatchObject({
      code: 'PASSWORD_REQUIRED',
      filename: 'backup.bin',
    });
    expect(await failure(protectedFile, { password: 'x' })).toMatchObject({ code: 'WRONG_PASSWORD' });
    const result = await importFile(protectedFile, { password: 'Testtest1' });
    expect(result.format).toBe('totp-authenticator-encrypted');
    expect(result.accounts).toEqual(accounts);
    const open = bytesOf(await totpAuthenticatorBackup(accounts, 'TotpAuthenticator'));
    expect((await importFile(open)).accounts).toEqual(accounts);
  });

  it('reads the app’s preferences file', async () => {
    const entries = JSON.stringify([JSON.stringify(totpAuthenticatorEntry(example))]);
    const result = await importFile(bytesOf(prefsXML({ STATIC_TOTP_CODES_LIST: entries })));
    expect(result.format).toBe('totp-authenticator');
    expect(result.accounts).toEqual([example]);
  });
});

describe('the new readers on damaged input', () => {
  it('settle with typed errors only, whatever is changed or cut', async () => {
    const samples: Uint8Array[] = [
      bytesOf(
        prefsXML({
          [AUTHY_KEY]: JSON.stringify([{ ...authyToken(example), decryptedSecret: base32(example) }]),
        }),
      ),
      bytesOf(
        prefsXML({
          'com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET': battleNetMask('00ff'),
          'com.blizzard.messenger.AUTHENTICATOR_SERIAL': battleNetMask('US1'),
        }),
      ),
      bytesOf(
        JSON.stringify([
          { accountType: 'OtpAccount', name: 'a', otpGenerator: { otpSecret: 'JBSWY3DP', counter: 1 } },
        ]),
      ),
      bytesOf(prefsXML({ 'A:b': JSON.stringify(freeOTPToken(example)), tokenOrder: '["A:b"]' })),
      await freeOTPBackup([example], 'pw', 10),
      bytesOf(JSON.stringify({ accounts: { x: { shared_secret: 'AAAA', account_name: 'n' } } })),
      bytesOf(
        prefsXML({
          STATIC_TOTP_CODES_LIST: JSON.stringify([JSON.stringify(totpAuthenticatorEntry(example))]),
        }),
      ),
      bytesOf(await totpAuthenticatorBackup([example], 'TotpAuthenticator')),
    ];
    const mutation = fc.record({
      sample: fc.constantFrom(...samples),
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
      cut: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ sample, at, byte, cut }) => {
        const i = at % sample.length;
        const bytes = cut ? sample.slice(0, i) : sample.slice();
        if (!cut) bytes[i] = byte;
        try {
          await importFile(bytes, { filename: 'fuzz', password: 'pw' });
        } catch (error) {
          if (!(error instanceof ImportError)) throw error;
          expect(error.filename).toBe('fuzz');
          expect(error.detail, String(error.cause)).not.toBe(UNEXPECTED);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('Authenticator Plus', () => {
  it('refuses its password-protected ZIP export by name and says what to do', async () => {
    // A ZIP local file header (encrypted flag set) naming Accounts.txt, then some ciphertext.
    const name = new TextEncoder().encode('Accounts.txt');
    const header = new Uint8Array(30 + name.length + 8);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint16(6, 1, true);
    view.setUint32(18, 8, true);
    view.setUint16(26, name.length, true);
    header.set(name, 30);
    const error = await failure(header, { filename: 'authplus.zip' });
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      app: 'Authenticator Plus',
      filename: 'authplus.zip',
    });
    expect(error.message).toContain('import the Accounts.txt inside');
  });
});
