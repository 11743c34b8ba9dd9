import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyVault, kakunin, listAccounts, PASSWORD, RFC_SECRET, tempDir, vaultText } from './harness.js';

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

const accounts = (path: string) => listAccounts(path, env);

describe('export then import is exact', () => {
  it('--format cxf writes a FIDO Credential Exchange file that imports back, naming what it cannot hold', async () => {
    const source = await vault();
    const out = file('export.cxf.json');
    const exported = await kakunin(['export', '--format', 'cxf', '--out', out, '--vault', source], { env });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(WARNING);
    expect(exported.stderr).toMatch(
      /Not exported \(the Credential Exchange Format 1\.0 has no counter-based \(HOTP\) codes\): Bank/,
    );
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(doc.version).toEqual({ major: 1, minor: 0 });
    const target = await vault(empty);
    const imported = await kakunin(['import', out, '--json', '--vault', target], { env });
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ files: [{ format: 'cxf', imported: 2 }] });
  });

  it('warns by name about MD5 accounts, which Aegis would show wrong codes for', async () => {
    const source = await copyVault(
      dir,
      await vaultText([
        { issuer: 'IIJ', name: 'smartkey', algorithm: 'MD5' },
        { issuer: 'GitHub', name: 'alice' },
      ]),
    );
    for (const format of ['aegis', 'aegis-plain']) {
      const out = file(`${format}-md5`);
      const exported = await kakunin(['export', '--format', format, '--out', out, '--vault', source], {
        env,
      });
      expect(exported.code).toBe(0);
      expect(exported.stderr).toMatch(/Warning: IIJ \(smartkey\) uses MD5, which Aegis reads as SHA-1/);
      expect(exported.stderr).not.toMatch(/alice uses MD5/);
    }
    const uris = await kakunin(['export', '--format', 'uri-list', '--vault', source], { env });
    expect(uris.stderr).not.toContain('MD5');
  });

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

  it('never writes an export over the vault itself', async () => {
    const source = await vault();
    const result = await kakunin(['export', '--format', 'uri-list', '--out', source, '--vault', source], {
      env,
    });
    expect(result).toMatchObject({
      code: 2,
      stderr: `--out names the vault itself (${source}); choose another file.\n`,
    });
    expect(await readFile(source, 'utf8')).toBe(fixture);
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
    // Six processes, each deriving a vault key and most reading QR images: the slowest test here.
  }, 180_000);
});

describe('what an export cannot carry', () => {
  it('google-qr names each account left out and why, in English and Japanese, and exports the rest', async () => {
    const source = await vault();
    const out = file('ga.png');
    const en = await kakunin(['export', '--format', 'google-qr', '--out', out, '--vault', source], { env });
    expect(en.code).toBe(0);
    expect(en.stderr).toContain(
      'Not exported (Google Authenticator holds only 30-second codes, not 60 s): サイボウズ (アリス)\n',
    );
    const target = await vault(empty);
    await kakunin(['import', out, '--vault', target], { env });
    expect(await accounts(target)).toMatchObject([{ issuer: 'GitHub' }, { issuer: 'Bank' }]);
    const svg = file('ga.svg');
    await kakunin(['export', '--format', 'google-qr', '--out', svg, '--vault', source], { env });
    expect(await readFile(svg, 'utf8')).toMatch(/^<svg[^>]*>.*<\/svg>\n?$/s);
    const ja = await kakunin(['export', '--format', 'google-qr', '--out', out, '--vault', source], {
      env: { ...env, LANG: 'ja_JP.UTF-8' },
    });
    expect(ja.stderr).toContain(
      'エクスポートしませんでした（Google Authenticator は 30 秒ごとのコードのみ扱えます（60 秒は不可））: サイボウズ (アリス)',
    );
  });

  it('google-qr fails, writing nothing, when no account fits the format', async () => {
    const source = await vault(await vaultText([{ issuer: 'Steam', name: 'gabe', type: 'steam' }]));
    const out = file('steam.png');
    const result = await kakunin(['export', '--format', 'google-qr', '--out', out, '--vault', source], {
      env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Not exported (Google Authenticator cannot hold Steam Guard accounts): Steam (gabe)\n' +
        'No account can be exported in this format, so nothing was written.\n',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('names a folder that does not exist', async () => {
    const source = await vault();
    const out = join(dir, 'no-such-folder', 'backup.json');
    const result = await kakunin(['export', '--format', 'aegis', '--out', out, '--vault', source], { env });
    expect(result).toMatchObject({
      code: 1,
      stderr: `Cannot write ${out}: its folder does not exist. Check the path.\n`,
    });
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
