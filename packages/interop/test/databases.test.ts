import { createAccount, decodeBase32, encodeBase32 } from '@kakunin/otp';
import fc from 'fast-check';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { UNEXPECTED } from '../src/import-file.ts';
import { ImportError, importFile } from '../src/index.ts';
import { defaultSQLiteWasm } from '../src/qr/wasm-loader-node.ts';
import { SAMPLE } from './support/accounts.ts';

// Databases built with SQLite itself, in the tables the apps create (see formats/app-databases.ts).
async function database(statements: string[], values: unknown[][] = []): Promise<Uint8Array> {
  const SQL = await initSqlJs({ wasmBinary: await defaultSQLiteWasm() });
  const db = new SQL.Database();
  db.run(statements[0]!);
  for (const row of values) db.run(statements[1]!, row as never[]);
  const bytes = db.export();
  db.close();
  return bytes;
}

const GOOGLE = [
  'CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, original_name TEXT DEFAULT NULL)',
  'INSERT INTO accounts (email, secret, counter, type, issuer) VALUES (?, ?, ?, ?, ?)',
];
const MICROSOFT = [
  'CREATE TABLE accounts (_id INTEGER PRIMARY KEY, name TEXT, username TEXT, oath_secret_key TEXT, account_type INTEGER)',
  'INSERT INTO accounts (name, username, oath_secret_key, account_type) VALUES (?, ?, ?, ?)',
];
const example = SAMPLE[0]!;
const secret = encodeBase32(example.secret);

describe('authenticators’ SQLite databases', () => {
  it('reads Google Authenticator’s database (TOTP and HOTP; name after the issuer prefix)', async () => {
    const bytes = await database(GOOGLE, [
      ['Example:alice@example.com', secret, 0, 0, 'Example'],
      ['Bank:bob', 'KUVJJOM753IHTNDSZVCNKL7GII', 50, 1, null],
      ['carol', secret, 0, 0, null],
    ]);
    const result = await importFile(bytes, { filename: 'databases' });
    expect(result.format).toBe('google-authenticator-db');
    expect(result.accounts).toEqual([
      example,
      createAccount({
        type: 'hotp',
        secret: decodeBase32('KUVJJOM753IHTNDSZVCNKL7GII'),
        issuer: 'Bank',
        name: 'bob',
        counter: 50n,
      }),
      createAccount({ secret: example.secret, issuer: '', name: 'carol' }),
    ]);
  });

  it('reads Microsoft Authenticator’s database and skips push-only accounts', async () => {
    const personal = new Uint8Array(16).fill(9);
    const bytes = await database(MICROSOFT, [
      ['Example', 'alice@example.com', secret, 0],
      ['Microsoft', 'me@outlook.com', Buffer.from(personal).toString('base64'), 1],
      ['Contoso', 'work@contoso.com', '', 2],
    ]);
    const result = await importFile(bytes, { filename: 'PhoneFactor' });
    expect(result.format).toBe('microsoft-authenticator-db');
    expect(result.accounts).toEqual([
      example,
      createAccount({ secret: personal, issuer: 'Microsoft', name: 'me@outlook.com', digits: 8 }),
    ]);
    expect(result.warnings).toHaveLength(1);
  });

  it('names the tables of a database from another app, and reports a damaged one naming the file', async () => {
    const other = await database(['CREATE TABLE notes (id INTEGER, body TEXT)']);
    await expect(importFile(other, { filename: 'notes.db' })).rejects.toMatchObject({
      code: 'UNKNOWN_FORMAT',
      filename: 'notes.db',
      detail: 'a SQLite database of an app Kakunin does not read (tables: notes)',
    });
    const good = await database(GOOGLE, [['a:b', secret, 0, 0, 'a']]);
    const cut = good.slice(0, 2048);
    cut.fill(0x41, 100, 1000);
    await expect(importFile(cut, { filename: 'databases' })).rejects.toMatchObject({
      code: 'DAMAGED',
      filename: 'databases',
    });
  });

  it('settles with typed errors on damaged databases', async () => {
    const good = await database(GOOGLE, [['Example:alice', secret, 0, 0, 'Example']]);
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), async (at, byte, cut) => {
        const i = at % good.length;
        const bytes = cut ? good.slice(0, Math.max(i, 16)) : good.slice();
        if (!cut) bytes[i] = byte;
        try {
          await importFile(bytes, { filename: 'fuzz' });
        } catch (error) {
          if (!(error instanceof ImportError)) throw error;
          expect(error.detail, String(error.cause)).not.toBe(UNEXPECTED);
        }
      }),
      { numRuns: 150 },
    );
  });
});
