import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE } from '../src/errors.js';
import { VERSION } from '../src/version.js';
import { runInProcess } from './harness.js';

// Usage errors are decided before any vault is opened, so these run in-process.
describe('usage errors exit 2 with a message on stderr', () => {
  it.each([
    [['frobnicate'], /Unknown command 'frobnicate'/],
    [['list', '--bogus'], /Unknown option '--bogus'/],
    [['rm'], /Missing argument 'query'/],
    [['list', '--vault'], /The option '--vault <path>' needs a value/],
    [['code', 'a', 'b'], /Too many arguments/],
    [
      ['add', '--secret', 'JBSWY3DP', '--digits', 'six'],
      /Invalid value for --digits <digits>: 'six': expected a whole number/,
    ],
    [['add', '--secret', 'JBSWY3DP', '--type', 'motp'], /expected one of totp, hotp, steam/],
    [['code', '--at', '-5'], /Invalid value for --at/],
    [['export', '--format', 'pdf'], /expected one of aegis, aegis-plain, uri-list, google-qr/],
    [
      ['import', 'x.json', '--format', 'keepass'],
      /expected one of uri-list, google-migration, qr-image, aegis/,
    ],
    [['add'], /Give exactly one of/],
    [['add', 'otpauth://totp/a?secret=AA', '--secret', 'AA'], /Give exactly one of/],
    [['add', '--issuer', 'GitHub'], /Give exactly one of/],
    [['export'], /Give either --format/],
    [['export', '--qr'], /needs a query/],
    [['export', 'github', '--qr', '--format', 'aegis'], /Give either --format/],
    [['rename', 'github'], /Give --issuer and\/or --name/],
  ])('kakunin %j', async (args, message) => {
    const result = await runInProcess(args);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stdout).toBe('');
  });

  it('speaks Japanese when LANG is ja_JP.UTF-8', async () => {
    const result = await runInProcess(['list', '--bogus'], { LANG: 'ja_JP.UTF-8' });
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain("不明なオプション '--bogus' です。");
    const add = await runInProcess(['add'], { LANG: 'ja_JP.UTF-8' });
    expect(add.stderr).toContain('いずれか1つを指定してください');
  });

  it('shows help on stderr and exits 2 when no command is given', async () => {
    const result = await runInProcess([]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('Usage: kakunin');
  });
});

describe('help and version', () => {
  it('lists every command of the contract on stdout and exits 0', async () => {
    const result = await runInProcess(['--help']);
    expect(result.code).toBe(EXIT_OK);
    for (const command of [
      'init',
      'add',
      'list',
      'code',
      'watch',
      'import',
      'export',
      'rm',
      'rename',
      'passwd',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('lists every format name import --format accepts in import --help', async () => {
    const result = await runInProcess(['import', '--help']);
    expect(result.code).toBe(EXIT_OK);
    const help = result.stdout.replace(/\s+/g, ' ');
    for (const format of ['andotp-encrypted', 'aegis', '2fas', 'bitwarden-csv', 'stratum', 'qr-image'])
      expect(help).toContain(format);
  });

  it('describes commands in Japanese under a Japanese locale', async () => {
    const result = await runInProcess(['help', 'code'], { LANG: 'ja_JP.UTF-8' });
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain('現在のコードと残り秒数を表示する');
    expect(result.stdout).toMatch(/^使い方: kakunin code/m);
    expect(result.stdout).toMatch(/^オプション:$/m);
    expect(result.stdout).toContain('--at <unixSeconds>');
  });

  it('prints the version from package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
    const result = await runInProcess(['--version']);
    expect(result).toMatchObject({ code: EXIT_OK, stdout: `${pkg.version}\n` });
  });
});
