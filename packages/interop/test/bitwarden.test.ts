import { createAccount, decodeBase32, formatKeyURI } from '@kakunin/otp';
import { describe, expect, it } from 'vitest';
import { parseCSV } from '../src/formats/csv.ts';
import { importFile } from '../src/index.ts';
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

  it('explains that password-protected Bitwarden exports are not supported', async () => {
    const file = { encrypted: true, passwordProtected: true, items: [] };
    await expect(importFile(bytesOf(JSON.stringify(file)), { filename: 'bw.json' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      filename: 'bw.json',
    });
  });
});
