import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyVault, kakunin, PASSWORD, RFC_SECRET, tempDir, vaultText } from './harness.js';

let dir: string;
let cleanup: () => Promise<void>;
let empty: string;
let fixture: string;
let many: string;
let n = 0;
const env = { KAKUNIN_PASSWORD: PASSWORD };
const WARNING = 'Warning: this output holds your secrets unencrypted.';

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const twelve = Array.from({ length: 12 }, (_, i) => ({ issuer: `Service ${i + 1}`, name: `user${i + 1}` }));
  [empty, fixture, many] = await Promise.all([
    vaultText([]),
    vaultText([
      { issuer: 'GitHub', name: 'alice@example.com' },
      { issuer: 'サイボウズ', name: 'アリス', digits: 8, algorithm: 'SHA512', period: 60 },
      { issuer: 'Bank', name: 'bob', type: 'hotp', counter: 7n },
    ]),
    vaultText(twelve),
  ]);
});
afterAll(() => cleanup());

/** A fresh copy of a fixture vault. */
const vault = (text = fixture): Promise<string> => copyVault(dir, text);
const file = (name: string) => join(dir, `${n++}-${name}`);

/** Accounts as `list --json` shows them, without the ids (which each vault assigns). */
async function accounts(path: string): Promise<unknown[]> {
  const { stdout } = await kakunin(['list', '--json', '--vault', path], { env });
  return (JSON.parse(stdout) as { id: string }[]).map(({ id: _id, ...rest }) => rest);
}

describe('export then import is exact', () => {
  it.each(['uri-list', 'aegis-plain'])(
    '--format %s warns, and imports back to the same accounts',
    async (format) => {
      const source = await vault();
      const out = file(format);
      const exported = await kakunin(['export', '--format', format, '--out', out, '--vault', source], {
        env,
      });
      expect(exported.code).toBe(0);
      expect(exported.stderr).toContain(WARNING);
      expect(exported.stderr).toContain(`Wrote ${out}.`);
      const target = await vault(empty);
      const imported = await kakunin(['import', out, '--json', '--vault', target], { env });
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toEqual({
        files: [
          {
            file: out,
            format: format === 'uri-list' ? 'uri-list' : 'aegis',
            imported: 3,
            skipped: 0,
            warnings: [],
            error: null,
          },
        ],
        imported: 3,
        skipped: 0,
        failed: 0,
      });
      expect(await accounts(target)).toEqual(await accounts(source));
    },
  );

  it('--format aegis writes an encrypted vault (no warning) that opens with the vault password', async () => {
    const source = await vault();
    const out = file('backup.json');
    const exported = await kakunin(['export', '--format', 'aegis', '--out', out, '--vault', source], { env });
    expect(exported).toMatchObject({ code: 0, stderr: `Wrote ${out}.\n` });
    expect(await readFile(out, 'utf8')).not.toContain('GitHub');
    expect(await accounts(out)).toEqual(await accounts(source));
    const target = await vault(empty);
    const imported = await kakunin(['import', out, '--source-password-stdin', '--vault', target], {
      env,
      input: `${PASSWORD}\n`,
    });
    expect(imported.stdout).toBe(
      `${out} (aegis-encrypted): 3 imported, 0 skipped as duplicates\nImported 3, skipped 0, failed 0.\n`,
    );
  });

  it('exports only the accounts a query selects, to stdout by default', async () => {
    const source = await vault();
    const result = await kakunin(['export', 'github', '--format', 'uri-list', '--vault', source], { env });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^otpauth://totp/GitHub:alice%40example\\.com\\?secret=${RFC_SECRET}&issuer=GitHub`),
    );
  });

  it('--format google-qr writes numbered PNG pages that import in any order; a missing page fails clearly', async () => {
    const source = await vault(many);
    const out = join(dir, 'ga', 'transfer.png');
    await kakunin(['init', '--vault', join(dir, 'ga', 'make-dir.json')], { env });
    const exported = await kakunin(['export', '--format', 'google-qr', '--out', out, '--vault', source], {
      env,
    });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(WARNING);
    expect((await readdir(join(dir, 'ga'))).filter((f) => f.endsWith('.png')).sort()).toEqual([
      'transfer-1.png',
      'transfer-2.png',
    ]);
    const page1 = join(dir, 'ga', 'transfer-1.png');
    const page2 = join(dir, 'ga', 'transfer-2.png');

    const partial = await vault(empty);
    const missing = await kakunin(['import', page2, '--vault', partial], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('QR code(s) 1 are missing');
    expect(await readFile(partial, 'utf8')).toBe(empty);

    const target = await vault(empty);
    const imported = await kakunin(['import', page2, page1, '--vault', target], { env });
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.stdout).toContain('Imported 12, skipped 0, failed 0.');
    expect(await accounts(target)).toEqual(await accounts(source));

    // add --qr takes a Google Authenticator export QR code too: the accounts of that one page.
    const single = await vault(empty);
    const added = await kakunin(['add', '--qr', page1, '--vault', single], { env });
    expect(added.stderr.match(/^Added Service \d+ \(user\d+\)\.$/gm)).toHaveLength(10);

    const terminal = await kakunin(['export', '--format', 'google-qr', '--vault', source], { env });
    expect(terminal.stdout).toMatch(/^Page 1 of 2\n[ █▀▄\n]+Page 2 of 2\n[ █▀▄\n]+$/);
  });
});

describe('kakunin export <query> --qr', () => {
  it('shows the otpauth QR code in the terminal with the hint to remove only after the move', async () => {
    const source = await vault();
    const result = await kakunin(['export', 'github', '--qr', '--vault', source], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[ █▀▄\n]+$/); // half-block QR, no colour when not a terminal
    expect(result.stdout.split('\n').length).toBeGreaterThan(15);
    expect(result.stderr).toContain('GitHub (alice@example.com)');
    expect(result.stderr).toContain('Remove the account here only after the new device shows the same code.');
  });

  it('writes a PNG that `add --qr` reads back to the same account and codes', async () => {
    const source = await vault();
    const png = file('account.png');
    expect(
      (await kakunin(['export', 'サイボウズ', '--qr', '--out', png, '--vault', source], { env })).code,
    ).toBe(0);
    const target = await vault(empty);
    const added = await kakunin(['add', '--qr', png, '--vault', target], { env });
    expect(added).toMatchObject({ code: 0, stderr: 'Added サイボウズ (アリス).\n' });
    const code = async (path: string) =>
      (await kakunin(['code', 'サイボウズ', '--at', '1700000000', '--json', '--vault', path], { env }))
        .stdout;
    expect(JSON.parse(await code(target))[0].code).toBe(JSON.parse(await code(source))[0].code);
  });

  it('refuses a query that matches several accounts', async () => {
    const source = await vault(many);
    const result = await kakunin(['export', 'service 1', '--qr', '--vault', source], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"service 1" matches 4 accounts');
  });
});

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
    expect(result.stderr).toContain(`${missingFile}: failed: Cannot read ${missingFile}: ENOENT.`);
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
