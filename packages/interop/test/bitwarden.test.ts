import { createAccount, decodeBase32, formatKeyURI } from '@kakunin/otp';
import fc from 'fast-check';
import { argon2id } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../src/bytes.ts';
import { aesCbcSeal, pbkdf2Bytes } from '../src/crypto.ts';
import { parseCSV } from '../src/formats/csv.ts';
import { UNEXPECTED } from '../src/import-file.ts';
import { ImportError, importFile } from '../src/index.ts';
import { bytesOf, SAMPLE } from './support/accounts.ts';

// Bitwarden's unencrypted JSON export: items[].login.totp.
const item = (name: string, username: string | null, totp: string | null): object => ({
  id: crypto.randomUUID(),
  type: 1,
  name,
  notes: null,
  favorite: false,
  login: { uris: null, username, password: null, totp },
});

const KEY = 'JRZCL47CMXVOQMNPZR2F7J4RGI';

describe('Bitwarden exports', () => {
  it('reads otpauth:// URIs, bare base32 keys and steam:// keys from a JSON export', async () => {
    const file = {
      encrypted: false,
      folders: [],
      items: [
        item('Example', 'alice', formatKeyURI(SAMPLE[1]!)),
        item('Mail', 'bob@example.com', 'jrzc l47c mxvo qmnp zr2f 7j4r gi'),
        item('Steam', 'gamer', `steam://${KEY}`),
        item('No 2FA', 'carol', null),
      ],
    };
    const result = await importFile(bytesOf(JSON.stringify(file)));
    expect(result.format).toBe('bitwarden-json');
    expect(result.accounts).toEqual([
      SAMPLE[1],
      createAccount({ secret: decodeBase32(KEY), issuer: 'Mail', name: 'bob@example.com' }),
      createAccount({ type: 'steam', secret: decodeBase32(KEY), issuer: 'Steam', name: 'gamer' }),
    ]);
  });

  it('reads the CSV export, with quoted fields holding commas, quotes and newlines', async () => {
    const csv = [
      'folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp',
      `,,login,"Example, Inc.","line 1\nline ""2""",,0,https://example.com,alice,pw,${formatKeyURI(SAMPLE[0]!)}`,
      ',,login,Plain,,,0,,bob,pw,',
      `,,login,Steam,,,0,,gamer,,steam://${KEY}`,
      '',
    ].join('\r\n');
    const result = await importFile(bytesOf(csv));
    expect(result.format).toBe('bitwarden-csv');
    expect(result.accounts).toEqual([
      SAMPLE[0],
      createAccount({ type: 'steam', secret: decodeBase32(KEY), issuer: 'Steam', name: 'gamer' }),
    ]);
  });

  it('parses RFC 4180 CSV', () => {
    expect(parseCSV('a,"b,c","d ""e"""\r\n"x\ny",,z')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['x\ny', '', 'z'],
    ]);
  });

  it('still refuses a file that only claims to be encrypted, naming the file', async () => {
    const file = { encrypted: true, passwordProtected: true, items: [] };
    await expect(importFile(bytesOf(JSON.stringify(file)), { filename: 'bw.json' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      filename: 'bw.json',
    });
  });

  // A password-protected export built from Bitwarden's description: key from PBKDF2-SHA256 (kdfType 0) or
  // Argon2id over SHA-256(salt) (kdfType 1), HKDF-Expand "enc"/"mac", values "2.iv|ciphertext|mac".
  async function protectedExport(inner: object, password: string, kdf: object): Promise<string> {
    const salt = 'c2FsdHNhbHRzYWx0';
    const k = kdf as { kdfType: number; kdfIterations: number; kdfMemory?: number; kdfParallelism?: number };
    const key =
      k.kdfType === 0
        ? await pbkdf2Bytes(password, bytesOf(salt), k.kdfIterations, 'SHA-256', 32)
        : await argon2id({
            password,
            salt: new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(salt))),
            iterations: k.kdfIterations,
            memorySize: (k.kdfMemory ?? 1) * 1024,
            parallelism: k.kdfParallelism ?? 1,
            hashLength: 32,
            outputType: 'binary',
          });
    const hmacKey = async (info: string) => {
      const h = await crypto.subtle.importKey(
        'raw',
        new Uint8Array(key),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      return new Uint8Array(await crypto.subtle.sign('HMAC', h, new Uint8Array([...bytesOf(info), 1])));
    };
    const [encKey, macKey] = [await hmacKey('enc'), await hmacKey('mac')];
    const seal = async (text: string, fill: number) => {
      const iv = new Uint8Array(16).fill(fill);
      const data = await aesCbcSeal(encKey, iv, bytesOf(text));
      const h = await crypto.subtle.importKey('raw', macKey, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ]);
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', h, new Uint8Array([...iv, ...data])));
      return `2.${[iv, data, mac].map(encodeBase64).join('|')}`;
    };
    return JSON.stringify({
      encrypted: true,
      passwordProtected: true,
      salt,
      ...kdf,
      encKeyValidation_DO_NOT_EDIT: await seal(crypto.randomUUID(), 1),
      data: await seal(JSON.stringify(inner), 2),
    });
  }

  const inner = {
    encrypted: false,
    folders: [],
    items: [item('Example', 'alice', formatKeyURI(SAMPLE[1]!))],
  };

  it.each([
    ['PBKDF2', { kdfType: 0, kdfIterations: 1000 }],
    ['Argon2id', { kdfType: 1, kdfIterations: 2, kdfMemory: 4, kdfParallelism: 2 }],
  ])('decrypts a password-protected export (%s) and tells a wrong password', async (_kdf, kdf) => {
    const bytes = bytesOf(await protectedExport(inner, 'vault-pw', kdf));
    const name = { filename: 'bitwarden_encrypted_export.json' };
    await expect(importFile(bytes, name)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED', ...name });
    await expect(importFile(bytes, { ...name, password: 'nope' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
      ...name,
    });
    const result = await importFile(bytes, { password: 'vault-pw' });
    expect(result.format).toBe('bitwarden-json-encrypted');
    expect(result.accounts).toEqual([SAMPLE[1]]);
  });

  it('reports altered data as damaged, never a partial import, and refuses account-restricted exports by name', async () => {
    const doc = JSON.parse(await protectedExport(inner, 'pw', { kdfType: 0, kdfIterations: 1000 }));
    const altered = {
      ...doc,
      data: doc.data.replace(/\|(.)/, (_: string, c: string) => `|${c === 'A' ? 'B' : 'A'}`),
    };
    await expect(importFile(bytesOf(JSON.stringify(altered)), { password: 'pw' })).rejects.toMatchObject({
      code: 'DAMAGED',
    });
    const restricted = {
      encrypted: true,
      encKeyValidation_DO_NOT_EDIT: doc.encKeyValidation_DO_NOT_EDIT,
      items: [],
    };
    const error = await importFile(bytesOf(JSON.stringify(restricted)), { filename: 'bw.json' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'UNSUPPORTED_VERSION', app: 'Bitwarden', filename: 'bw.json' });
  });

  it('settles with typed errors on damaged password-protected exports', async () => {
    const text = await protectedExport(inner, 'pw', { kdfType: 0, kdfIterations: 100 });
    const mutation = fc.record({
      at: fc.nat(),
      char: fc.constantFrom('"', '|', '.', '2', 'A', '{', ',', '='),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ at, char }) => {
        const i = at % text.length;
        try {
          await importFile(bytesOf(text.slice(0, i) + char + text.slice(i + 1)), {
            filename: 'fuzz',
            password: 'pw',
          });
        } catch (error) {
          if (!(error instanceof ImportError)) throw error;
          expect(error.detail, String(error.cause)).not.toBe(UNEXPECTED);
        }
      }),
      { numRuns: 150 },
    );
  });
});
