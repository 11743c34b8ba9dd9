import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyVault, kakunin, PASSWORD, RFC_SECRET, tempDir, vaultText } from './harness.js';

let dir: string;
let cleanup: () => Promise<void>;
let empty: string;
let fixture: string;
const env = { KAKUNIN_PASSWORD: PASSWORD };

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  [empty, fixture] = await Promise.all([
    vaultText([]),
    vaultText([
      { issuer: 'GitHub', name: 'alice@example.com' },
      { issuer: 'Cybozu', name: 'alice', digits: 8, algorithm: 'SHA256' },
      { issuer: 'Bank', name: 'bob', type: 'hotp', counter: 0n },
    ]),
  ]);
});
afterAll(() => cleanup());

/** A fresh copy of a fixture vault. */
const vault = (text = fixture): Promise<string> => copyVault(dir, text);

const listJSON = async (path: string) =>
  JSON.parse((await kakunin(['list', '--json', '--vault', path], { env })).stdout) as Record<
    string,
    unknown
  >[];

describe('kakunin add', () => {
  it('adds from an otpauth:// URI, then reports the same URI as a duplicate', async () => {
    const path = await vault(empty);
    const uri = `otpauth://totp/ACME%20Co:john?secret=${RFC_SECRET}&issuer=ACME%20Co&digits=8&period=60&algorithm=SHA512`;
    const added = await kakunin(['add', uri, '--vault', path], { env });
    expect(added).toMatchObject({ code: 0, stderr: 'Added ACME Co (john).\n' });
    const again = await kakunin(['add', uri, '--vault', path], { env });
    expect(again).toMatchObject({ code: 0, stderr: 'Already in the vault, skipped: ACME Co (john).\n' });
    const [account, ...rest] = await listJSON(path);
    expect(rest).toEqual([]);
    expect(account).toMatchObject({
      type: 'totp',
      issuer: 'ACME Co',
      name: 'john',
      algorithm: 'SHA512',
      digits: 8,
      period: 60,
    });
  });

  it('adds from details (--issuer --name --secret --type --algorithm --digits --period --counter)', async () => {
    const path = await vault(empty);
    const args = [
      '--issuer',
      'Bank',
      '--name',
      'carol',
      '--secret',
      'gezd gnbv gy3t qojq gezd gnbv gy3t qojq',
    ];
    const more = ['--type', 'hotp', '--algorithm', 'sha-256', '--digits', '7', '--counter', '5'];
    const result = await kakunin(['add', ...args, ...more, '--vault', path], { env });
    expect(result).toMatchObject({ code: 0, stderr: 'Added Bank (carol).\n' });
    expect((await listJSON(path))[0]).toMatchObject({
      type: 'hotp',
      algorithm: 'SHA256',
      digits: 7,
      counter: 5,
    });
  });

  it('adds every account of a Google Authenticator migration URI', async () => {
    const { encodeMigrationURIs, createAccount, decodeBase32 } = await import('@kakunin/otp');
    const secret = decodeBase32(RFC_SECRET);
    const { uris } = encodeMigrationURIs(
      [
        createAccount({ secret, issuer: 'One', name: 'a' }),
        createAccount({ secret, issuer: 'Two', name: 'b' }),
      ],
      {},
    );
    const path = await vault(empty);
    const result = await kakunin(['add', uris[0] ?? '', '--vault', path], { env });
    expect(result).toMatchObject({ code: 0, stderr: 'Added One (a).\nAdded Two (b).\n' });
  });

  it.each([
    ['https://example.com/not-a-key', /it should start with otpauth:\/\//],
    ['otpauth://totp/ACME:john?issuer=ACME', /The key has no secret/],
    ['otpauth://totp/ACME:john?secret=not*base32', /The secret is not valid base32/],
    ['otpauth://totp/ACME:john?secret=GEZDGNBV&digits=99', /number of digits/],
    ['otpauth://yandex/ACME:john?secret=GEZDGNBV', /only totp, hotp and steam are supported/],
  ])('rejects the malformed URI %s with a clear message and exit 1', async (uri, reason) => {
    const path = await vault(empty);
    const result = await kakunin(['add', uri, '--vault', path], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^That otpauth:\/\/ URI cannot be used\. /);
    expect(result.stderr).toMatch(reason);
    expect(await readFile(path, 'utf8')).toBe(empty);
  });

  it.each([
    [['--digits', '11'], 'digits must be an integer in 1–10'],
    [['--type', 'hotp', '--counter', '9223372036854775808'], 'counter must be at most 2^63−1'],
  ])('rejects settings out of range (%j) without writing', async (settings, reason) => {
    const path = await vault(empty);
    const result = await kakunin(
      ['add', '--issuer', 'X', '--secret', RFC_SECRET, ...settings, '--vault', path],
      { env },
    );
    expect(result).toMatchObject({ code: 1, stderr: `Invalid account details: ${reason}.\n` });
    expect(await readFile(path, 'utf8')).toBe(empty);
  });

  it('rejects a secret that is not Base32', async () => {
    const path = await vault(empty);
    const result = await kakunin(['add', '--issuer', 'X', '--secret', '0189!', '--vault', path], { env });
    expect(result).toMatchObject({
      code: 1,
      stderr: 'The secret is not valid Base32 (letters A–Z and digits 2–7).\n',
    });
  });

  it('given an image file where a URI goes, says to give it with --qr', async () => {
    const path = await vault(empty);
    const image = join(dir, 'screenshot.png');
    await writeFile(image, new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    const result = await kakunin(['add', image, '--vault', path], { env });
    expect(result).toMatchObject({
      code: 2,
      stderr: `${image} is a file. To read the QR code in an image, give it with --qr: kakunin add --qr ${image}\n`,
    });
    expect(await readFile(path, 'utf8')).toBe(empty);
    const japanese = await kakunin(['add', image, '--vault', path], { env: { ...env, LANG: 'ja_JP.UTF-8' } });
    expect(japanese.stderr).toContain(`kakunin add --qr ${image}`);
    expect(japanese.stderr).toContain('はファイルです');
  });
});

describe('kakunin list', () => {
  it('prints exactly the documented JSON fields, never the secret', async () => {
    const path = await vault();
    const result = await kakunin(['list', '--json', '--vault', path], { env });
    const items = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(items.map((item) => Object.keys(item))).toEqual(
      Array(3).fill(['id', 'type', 'issuer', 'name', 'algorithm', 'digits', 'period', 'counter']),
    );
    expect(items[1]).toMatchObject({
      type: 'totp',
      issuer: 'Cybozu',
      name: 'alice',
      algorithm: 'SHA256',
      digits: 8,
      period: 30,
      counter: 0,
    });
    expect(items[2]).toMatchObject({ type: 'hotp', issuer: 'Bank', counter: 0 });
    expect(result.stdout).not.toContain(RFC_SECRET);
    expect(result.stdout).not.toMatch(/secret/i);
  });

  it('prints a table for people', async () => {
    const path = await vault();
    const { stdout } = await kakunin(['list', '--vault', path], { env });
    expect(stdout.split('\n')[0]).toMatch(/^GitHub\s+alice@example\.com\s+TOTP\s+[0-9a-f-]{36}$/);
    expect(stdout).not.toContain('\x1b['); // not a terminal: no colour
  });
});

describe('kakunin code', () => {
  // RFC 6238 Appendix B: SHA-1 (8 digits) at T = 59 and 1111111109; SHA-256 key is 32 bytes.
  it('computes the RFC 6238 codes at --at, with the seconds left', async () => {
    const path = await vault(empty);
    await kakunin(
      ['add', '--issuer', 'RFC', '--name', 'sha1', '--secret', RFC_SECRET, '--digits', '8', '--vault', path],
      { env },
    );
    for (const [at, code, left] of [
      ['59', '94287082', 1],
      ['1111111109', '07081804', 1],
      ['20000000000', '65353130', 10],
    ] as const) {
      const result = await kakunin(['code', 'rfc', '--json', '--at', at, '--vault', path], { env });
      const [item] = JSON.parse(result.stdout) as Record<string, unknown>[];
      expect(Object.keys(item ?? {})).toEqual(['id', 'issuer', 'name', 'code', 'remainingSeconds']);
      expect(item).toMatchObject({ issuer: 'RFC', name: 'sha1', code, remainingSeconds: left });
    }
  });

  it('matches issuer or name case-insensitively and fails when nothing matches', async () => {
    const path = await vault();
    const byName = await kakunin(['code', 'ALICE', '--json', '--at', '59', '--vault', path], { env });
    expect((JSON.parse(byName.stdout) as { issuer: string }[]).map((c) => c.issuer)).toEqual([
      'GitHub',
      'Cybozu',
    ]);
    const none = await kakunin(['code', 'nothing', '--vault', path], { env });
    expect(none).toMatchObject({
      code: 1,
      stderr: 'No account matches "nothing". Run "kakunin list" to see them.\n',
    });
  });

  // RFC 4226 Appendix D: counters 0, 1, 2 give 755224, 287082, 359152.
  it('advances and saves the HOTP counter each time a code is shown', async () => {
    const path = await vault();
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await kakunin(['code', 'bank', '--vault', path], { env });
      expect(result.code).toBe(0);
      codes.push(result.stdout);
    }
    expect(codes).toEqual([
      '755224  HOTP  Bank (bob)\n',
      '287082  HOTP  Bank (bob)\n',
      '359152  HOTP  Bank (bob)\n',
    ]);
    expect((await listJSON(path))[2]).toMatchObject({ counter: 3 });
  });

  it('prints every account with its code for people', async () => {
    const path = await vault();
    const { stdout } = await kakunin(['code', '--at', '59', '--vault', path], { env });
    expect(stdout).toBe(
      [
        '287082    1s    GitHub (alice@example.com)',
        '32247374  1s    Cybozu (alice)',
        '755224    HOTP  Bank (bob)',
        '',
      ].join('\n'),
    );
  });
});

describe('kakunin rename and rm', () => {
  it('renames one account and refuses an ambiguous query', async () => {
    const path = await vault();
    const ambiguous = await kakunin(['rename', 'alice', '--name', 'x', '--vault', path], { env });
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain(
      '"alice" matches 2 accounts (GitHub (alice@example.com), Cybozu (alice))',
    );
    const result = await kakunin(
      ['rename', 'cybozu', '--issuer', 'kintone', '--name', 'alice@cybozu', '--vault', path],
      { env },
    );
    expect(result).toMatchObject({ code: 0, stderr: 'Renamed to kintone (alice@cybozu).\n' });
    expect((await listJSON(path))[1]).toMatchObject({ issuer: 'kintone', name: 'alice@cybozu', digits: 8 });
  });

  it('removes with --yes, and without a terminal asks for --yes instead of guessing', async () => {
    const path = await vault();
    const refused = await kakunin(['rm', 'github', '--vault', path], { env });
    expect(refused).toMatchObject({
      code: 2,
      stderr: 'There is no terminal to confirm on: add --yes to remove the account.\n',
    });
    expect(await listJSON(path)).toHaveLength(3);
    const removed = await kakunin(['rm', 'github', '--yes', '--vault', path], { env });
    expect(removed).toMatchObject({ code: 0, stderr: 'Removed GitHub (alice@example.com).\n' });
    expect((await listJSON(path)).map((a) => a.issuer)).toEqual(['Cybozu', 'Bank']);
  });
});
