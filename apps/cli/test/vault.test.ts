import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyVault, kakunin, PASSWORD, tempDir, vaultText } from './harness.js';

let dir: string;
let cleanup: () => Promise<void>;
let fixture: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  fixture = await vaultText([{ issuer: 'GitHub', name: 'alice' }]);
});
afterAll(() => cleanup());

/** A fresh copy of a fixture vault. */
const vault = (text = fixture): Promise<string> => copyVault(dir, text);

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |Error:/);

describe('kakunin init', () => {
  it('creates a vault (and its directory) that later commands open with the same password', async () => {
    const path = join(dir, 'new', 'deeper', 'vault.json');
    const init = await kakunin(['init', '--vault', path, '--password-stdin'], { input: `${PASSWORD}\n` });
    expect(init).toMatchObject({ code: 0, stdout: '' });
    expect(init.stderr).toContain(`Created a new vault at ${path}.`);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      version: 1,
      header: { slots: [{ type: 1 }] },
    });
    const list = await kakunin(['list', '--json', '--vault', path], { env: { KAKUNIN_PASSWORD: PASSWORD } });
    expect(list).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('refuses to overwrite an existing vault', async () => {
    const path = await vault();
    const result = await kakunin(['init', '--vault', path], { env: { KAKUNIN_PASSWORD: 'other' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('A vault already exists');
    expect(await readFile(path, 'utf8')).toBe(fixture);
  });

  it('rejects an empty password', async () => {
    const path = join(dir, 'empty-password.json');
    const result = await kakunin(['init', '--vault', path, '--password-stdin'], { input: '\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The password must not be empty.');
    await expect(stat(path)).rejects.toThrow();
  });
});

describe('opening the vault', () => {
  it('finds it through KAKUNIN_VAULT, then XDG_DATA_HOME, with --vault winning', async () => {
    const path = await vault();
    const env = { KAKUNIN_PASSWORD: PASSWORD };
    const viaEnv = await kakunin(['list'], { env: { ...env, KAKUNIN_VAULT: path } });
    expect(viaEnv.stdout).toContain('GitHub');
    const xdg = join(dir, 'xdg');
    await kakunin(['init'], { env: { ...env, XDG_DATA_HOME: xdg } });
    expect(JSON.parse(await readFile(join(xdg, 'kakunin', 'vault.json'), 'utf8'))).toMatchObject({
      version: 1,
    });
    const viaFlag = await kakunin(['list', '--json', '--vault', join(xdg, 'kakunin', 'vault.json')], {
      env: { ...env, KAKUNIN_VAULT: path },
    });
    expect(viaFlag.stdout).toBe('[]\n');
  });

  it('says to run kakunin init when there is no vault', async () => {
    const path = join(dir, 'missing.json');
    const result = await kakunin(['code', '--vault', path], { env: { KAKUNIN_PASSWORD: PASSWORD } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `No vault at ${path}. Run "kakunin init" to create one, or pass --vault PATH.\n`,
    );
  });

  it('reports a wrong password clearly and changes nothing', async () => {
    const path = await vault();
    const result = await kakunin(['code', '--vault', path, '--password-stdin'], { input: 'wrong\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The vault ${path} cannot be opened. Wrong password.`);
    noStack(result.stderr);
    expect(await readFile(path, 'utf8')).toBe(fixture);
  });

  it('reports a damaged vault (one byte of the ciphertext changed)', async () => {
    const path = await vault();
    const json = JSON.parse(fixture) as { db: string };
    const flipped = (json.db[10] === 'A' ? 'B' : 'A') as string;
    await writeFile(
      path,
      JSON.stringify({ ...json, db: json.db.slice(0, 10) + flipped + json.db.slice(11) }),
    );
    const result = await kakunin(['list', '--vault', path], { env: { KAKUNIN_PASSWORD: PASSWORD } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The vault ${path} cannot be opened.`);
    expect(result.stderr).toContain('is damaged or was modified');
    expect(result.stderr).toContain('Nothing was changed. Restore it from a backup');
    noStack(result.stderr);
  });

  it('reports a file that is not a vault', async () => {
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'shopping list\n');
    const result = await kakunin(['list', '--vault', path], { env: { KAKUNIN_PASSWORD: PASSWORD } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not a Kakunin or Aegis vault');
  });

  it('fails clearly when --password-stdin finds no line', async () => {
    const path = await vault();
    const result = await kakunin(['list', '--vault', path, '--password-stdin'], { input: '' });
    expect(result).toMatchObject({
      code: 1,
      stderr: 'Standard input ended before the expected password line.\n',
    });
  });

  it('fails with advice instead of hanging when no password source exists', async () => {
    const path = await vault();
    const result = await kakunin(['list', '--vault', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Use --password-stdin or set KAKUNIN_PASSWORD.');
  });
});

describe('kakunin passwd', () => {
  it('changes the password: the old one stops working, the new one opens the same accounts', async () => {
    const path = await vault();
    const result = await kakunin(['passwd', '--vault', path, '--password-stdin'], {
      input: `${PASSWORD}\nnew pw\n`,
    });
    expect(result).toMatchObject({ code: 0, stderr: 'The vault password was changed.\n' });
    const old = await kakunin(['list', '--vault', path], { env: { KAKUNIN_PASSWORD: PASSWORD } });
    expect(old.code).toBe(1);
    const renewed = await kakunin(['list', '--vault', path], { env: { KAKUNIN_PASSWORD: 'new pw' } });
    expect(renewed.stdout).toContain('GitHub');
    expect(await readFile(`${path}.bak`, 'utf8')).toBe(fixture); // the previous file is kept
  });

  it('takes the new password from KAKUNIN_NEW_PASSWORD in scripts', async () => {
    const path = await vault();
    const env = { KAKUNIN_PASSWORD: PASSWORD, KAKUNIN_NEW_PASSWORD: 'from env' };
    expect((await kakunin(['passwd', '--vault', path], { env })).code).toBe(0);
    const renewed = await kakunin(['list', '--vault', path], { env: { KAKUNIN_PASSWORD: 'from env' } });
    expect(renewed.code).toBe(0);
  });
});
