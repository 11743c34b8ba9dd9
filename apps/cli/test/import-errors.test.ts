import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyVault, kakunin, listAccounts, PASSWORD, tempDir, vaultText } from './harness.js';

let dir: string;
let cleanup: () => Promise<void>;
let empty: string;
let fixture: string;
let n = 0;
const env = { KAKUNIN_PASSWORD: PASSWORD };

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  [empty, fixture] = await Promise.all([
    vaultText([]),
    vaultText([
      { issuer: 'GitHub', name: 'alice@example.com' },
      { issuer: 'Bank', name: 'bob', type: 'hotp', counter: 7n },
      { issuer: 'AWS', name: 'root' },
    ]),
  ]);
});
afterAll(() => cleanup());

/** A fresh copy of a fixture vault. */
const vault = (text = fixture): Promise<string> => copyVault(dir, text);
const file = (name: string) => join(dir, `${n++}-${name}`);
const _accounts = (path: string) => listAccounts(path, env);

/** A valid white PNG without any QR code. @see RFC 2083 (PNG) */
function blankPNG(size = 64): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc(size * (size + 1), 0xff);
  for (let y = 0; y < size; y++) rows[y * (size + 1)] = 0; // filter byte
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

describe('bad input', () => {
  it('add --qr reads a Google Authenticator export QR code; a damaged one is explained, not coded', async () => {
    const { encodeMigrationURIs, createAccount } = await import('@kakunin/otp');
    const { qrPNG } = await import('@kakunin/interop');
    const accounts = ['One', 'Two'].map((issuer, i) =>
      createAccount({ issuer, name: 'carol', secret: new Uint8Array(20).fill(i + 1) }),
    );
    const [uri] = encodeMigrationURIs(accounts, { perQR: 2 }).uris;
    const image = file('migration.png');
    await writeFile(image, await qrPNG(uri ?? ''));
    const target = await vault(empty);
    const added = await kakunin(['add', '--qr', image, '--vault', target], { env });
    expect(added).toMatchObject({ code: 0, stderr: 'Added One (carol).\nAdded Two (carol).\n' });

    const damaged = file('damaged.png');
    await writeFile(damaged, await qrPNG('otpauth-migration://offline?data=AAAA'));
    const before = await readFile(target, 'utf8');
    const refused = await kakunin(['add', '--qr', damaged, '--vault', target], { env });
    expect(refused).toMatchObject({
      code: 1,
      stderr:
        'That Google Authenticator export could not be read. The export data is damaged and cannot be read. Scan the QR code again or export again.\n',
    });
    const ja = await kakunin(['add', '--qr', damaged, '--vault', target], {
      env: { ...env, LANG: 'ja_JP.UTF-8' },
    });
    expect(ja.stderr).toContain('エクスポートデータが壊れていて読み取れません。');
    expect(await readFile(target, 'utf8')).toBe(before);
  });

  it('import --format reads a file as the format given and fails clearly when it is not', async () => {
    const source = await vault();
    const list = file('links.txt');
    await kakunin(['export', '--format', 'uri-list', '--out', list, '--vault', source], { env });
    const target = await vault(empty);
    const importAs = async (format: string) => {
      const result = await kakunin(['import', list, '--format', format, '--json', '--vault', target], {
        env,
      });
      return { code: result.code, report: JSON.parse(result.stdout) as unknown };
    };
    expect(await importAs('aegis')).toMatchObject({
      code: 1,
      report: { imported: 0, failed: 1, files: [{ error: { code: 'UNKNOWN_FORMAT' } }] },
    });
    expect(await readFile(target, 'utf8')).toBe(empty);
    expect(await importAs('uri-list')).toMatchObject({
      code: 0,
      report: {
        imported: 3,
        skipped: 0,
        failed: 0,
        files: [{ file: list, format: 'uri-list', imported: 3, skipped: 0, warnings: [], error: null }],
      },
    });
    const wrong = await kakunin(['import', list, '--format', 'keepass', '--vault', target], { env });
    expect(wrong.code).toBe(2);
  });

  it('add --qr: an image without a QR code, and a QR code that is not an authenticator code', async () => {
    const target = await vault(empty);
    const blank = file('blank.png');
    await writeFile(blank, blankPNG());
    const none = await kakunin(['add', '--qr', blank, '--vault', target], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No QR code was found in .*blank\.png/);
    const { qrPNG } = await import('@kakunin/interop');
    const web = file('web.png');
    await writeFile(web, await qrPNG('https://example.com/'));
    const other = await kakunin(['add', '--qr', web, '--vault', target], { env });
    expect(other).toMatchObject({
      code: 1,
      stderr: `The QR code in ${web} is not an authenticator code (otpauth:// or otpauth-migration://).\n`,
    });
  });

  it('import reports imported / skipped / failed per file and exits 1 when any file failed', async () => {
    const source = await vault();
    const list = file('uris.txt');
    await kakunin(['export', '--format', 'uri-list', '--out', list, '--vault', source], { env });
    const junk = file('junk.txt');
    await writeFile(junk, 'hello\n');
    const missingFile = join(dir, 'no-such-file.json');
    const target = await vault();
    const result = await kakunin(['import', list, junk, missingFile, '--vault', target], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `${list} (uri-list): 0 imported, 3 skipped as duplicates\nImported 0, skipped 3, failed 2.\n`,
    );
    expect(result.stderr).toMatch(
      /junk\.txt: failed: "[^"]*junk\.txt" is not an export file Kakunin can read/,
    );
    expect(result.stderr).toContain(
      `${missingFile}: failed: There is no file ${missingFile}. Check the path.`,
    );
  });

  it("import passes on the importer's warnings (an entry type Kakunin cannot generate)", async () => {
    const source = await vault();
    const plain = file('plain.json');
    await kakunin(['export', '--format', 'aegis-plain', '--out', plain, '--vault', source], { env });
    const json = JSON.parse(await readFile(plain, 'utf8')) as { db: { entries: Record<string, unknown>[] } };
    const motp = {
      ...json.db.entries[0],
      type: 'motp',
      uuid: '6b8b2c52-3bd8-4c2c-9b3e-0d0f2d0e8f11',
      name: 'mobile',
    };
    json.db.entries.push(motp);
    await writeFile(plain, JSON.stringify(json));
    const target = await vault(empty);
    const result = await kakunin(['import', plain, '--vault', target], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(aegis): 3 imported, 0 skipped as duplicates');
    expect(result.stderr).toMatch(/plain\.json: .*motp/);
  });

  it('import of an encrypted file without its password says how to give it', async () => {
    const source = await vault();
    const backup = file('backup.json');
    await kakunin(['export', '--format', 'aegis', '--out', backup, '--vault', source], { env });
    const target = await vault(empty);
    const result = await kakunin(['import', backup, '--vault', target], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is encrypted. Enter the password');
    const wrong = await kakunin(['import', backup, '--source-password-stdin', '--json', '--vault', target], {
      env,
      input: 'nope\n',
    });
    expect(JSON.parse(wrong.stdout)).toMatchObject({
      failed: 1,
      files: [{ error: { code: 'WRONG_PASSWORD' } }],
    });
  });
});

// The shared corpus of real files from other apps (../shared/interop), when present.
const corpus = join(import.meta.dirname, '../../../../shared/interop');
describe.runIf(existsSync(join(corpus, 'manifest.json')))('importing real files from other apps', () => {
  it('imports every corpus file in one command, each account once', async () => {
    const manifest = JSON.parse(await readFile(join(corpus, 'manifest.json'), 'utf8')) as {
      accounts: Record<string, unknown>;
      files: { file: string; ids: string[] }[];
    };
    const paths = manifest.files.map((f) => join(corpus, 'files', f.file));
    const target = await vault(empty);
    const result = await kakunin(
      ['import', ...paths, '--source-password-stdin', '--json', '--vault', target],
      {
        env,
        input: 'test\n',
      },
    );
    const report = JSON.parse(result.stdout) as {
      files: { imported: number; skipped: number }[];
      failed: number;
    };
    expect(report.failed).toBe(0);
    for (const [i, f] of report.files.entries())
      expect(f.imported + f.skipped).toBe(manifest.files[i]?.ids.length);
    // Every canonical secret arrives; Bitwarden's Steam entry has its own name, so it is not a duplicate.
    const exported = await kakunin(['export', '--format', 'uri-list', '--vault', target], { env });
    const secrets = new Set(exported.stdout.match(/secret=[A-Z2-7]+/g));
    const canonical = Object.values(manifest.accounts).map(
      (a) => `secret=${(a as { secret: string }).secret}`,
    );
    expect([...secrets].sort()).toEqual(canonical.sort());
  });
});
