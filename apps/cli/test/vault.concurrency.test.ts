import { chmod, lstat, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyVault, kakunin, listAccounts, PASSWORD, RFC_SECRET, tempDir, vaultText } from './harness.js';

let dir: string;
let cleanup: () => Promise<void>;
let fixture: string;
const env = { KAKUNIN_PASSWORD: PASSWORD };

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  fixture = await vaultText([{ issuer: 'GitHub', name: 'alice' }]);
});
afterAll(() => cleanup());

const SECRETS = ['JBSWY3DPEHPK3PXP', 'KRSXG5CTMVRXEZLU', 'MFRGGZDFMZTWQ2LK', 'NBSWY3DPO5XXE3DE'];

// Threat: two commands changing the vault at once (two terminals, a script) both read the old file and
// the last writer silently drops the other's account, though both printed "Added". Defence: a lock on
// the vault file around read, change and write; temporary files with unique names created exclusively.
describe('concurrent changes to one vault', () => {
  it('keeps every account when four `kakunin add` run at the same moment', async () => {
    const path = await copyVault(dir, fixture);
    const results = await Promise.all(
      SECRETS.map((secret, i) =>
        kakunin(['add', '--secret', '-', '--issuer', `Service ${i}`, '--name', 'bob', '--vault', path], {
          env,
          input: `${secret}\n`,
        }),
      ),
    );
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const accounts = (await listAccounts(path, env)) as { issuer: string }[];
    expect(accounts.map((account) => account.issuer).sort()).toEqual([
      'GitHub',
      'Service 0',
      'Service 1',
      'Service 2',
      'Service 3',
    ]);
    // No temporary file is left behind, and the vault stays private.
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  }, 120_000);
});

// Threat: two `kakunin init` at once (a setup script run twice) both find no vault and both write
// one: the second silently replaces the first, whose owner keeps a password that opens nothing.
// Defence: init checks again and writes under the vault's lock; the second says a vault exists.
describe('concurrent creation of one vault', () => {
  it('creates the vault once when two `kakunin init` run at the same moment', async () => {
    const path = join(dir, 'created-twice', 'vault.json');
    const passwords = ['first password 1', 'second password 2'];
    const results = await Promise.all(
      passwords.map((password) =>
        kakunin(['init', '--vault', path], { env: { KAKUNIN_PASSWORD: password } }),
      ),
    );
    const codes = results.map((result) => result.code);
    expect(
      codes.filter((code) => code === 0),
      JSON.stringify(results),
    ).toHaveLength(1);
    const loser = results.find((result) => result.code !== 0);
    expect(loser?.stderr).toContain('A vault already exists');
    // The vault on disk is the one the winner was told about: its password opens it.
    const winner = passwords[codes.indexOf(0)] as string;
    expect(await listAccounts(path, { KAKUNIN_PASSWORD: winner })).toEqual([]);
    expect((await readdir(join(dir, 'created-twice'))).sort()).toEqual(['vault.json']);
  }, 120_000);
});

// Threat: a secret given as an argument is visible to every user of the machine in `ps` and stays in
// the shell history. Defence: `-` reads it from standard input, and an argument gets a warning.
describe('secrets on the command line', () => {
  it('warns when the secret is an argument, and reads it from standard input with -', async () => {
    const path = await copyVault(dir, fixture);
    const visible = await kakunin(['add', '--secret', RFC_SECRET, '--issuer', 'Visible', '--vault', path], {
      env,
      keepSecretWarning: true,
    });
    expect(visible.code).toBe(0);
    expect(visible.stderr).toContain('visible to other users');
    const hidden = await kakunin(['add', '-', '--vault', path], {
      env,
      keepSecretWarning: true,
      input: 'otpauth://totp/Hidden:bob?secret=JBSWY3DPEHPK3PXP&issuer=Hidden\n',
    });
    expect(hidden, hidden.stderr).toMatchObject({ code: 0 });
    expect(hidden.stderr).not.toContain('visible to other users');
    const issuers = ((await listAccounts(path, env)) as { issuer: string }[]).map(
      (account) => account.issuer,
    );
    expect(issuers).toEqual(expect.arrayContaining(['Visible', 'Hidden']));
  });
});

// Threat: a vault kept behind a symlink (dotfiles repositories) is replaced by a regular file, so the
// real vault silently stops changing; an export over an existing world-readable file stays readable.
describe('files around the vault', () => {
  it('writes a symlinked vault through to its target and keeps the link', async () => {
    const target = await copyVault(dir, fixture);
    const link = join(dir, 'linked-vault.json');
    await symlink(target, link);
    const added = await kakunin(['add', '--secret', '-', '--issuer', 'Linked', '--vault', link], {
      env,
      input: `${RFC_SECRET}\n`,
    });
    expect(added, added.stderr).toMatchObject({ code: 0 });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    const issuers = ((await listAccounts(target, env)) as { issuer: string }[]).map(
      (account) => account.issuer,
    );
    expect(issuers).toContain('Linked');
  });

  it('makes a plaintext export over an existing readable file private (0600)', async () => {
    const path = await copyVault(dir, fixture);
    const out = join(dir, 'existing-export.txt');
    await writeFile(out, 'old\n');
    await chmod(out, 0o644);
    const exported = await kakunin(['export', '--format', 'uri-list', '--out', out, '--vault', path], {
      env,
    });
    expect(exported, exported.stderr).toMatchObject({ code: 0 });
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(await readFile(out, 'utf8')).toContain('otpauth://');
  });
});
