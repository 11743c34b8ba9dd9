import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyVault, HAS_SCRIPT, interactive, kakunin, PASSWORD, tempDir, vaultText } from './harness.js';

let dir: string;
let cleanup: () => Promise<void>;
let fixture: string;
const env = { KAKUNIN_PASSWORD: PASSWORD };
const LEAVE = '\x1b[?25h\x1b[?1049l';
// Bold, dim or a foreground colour: the styling NO_COLOR turns off.
const SGR_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[(1|2|3[0-9])m`);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  fixture = await vaultText([
    { issuer: 'GitHub', name: 'alice' },
    { issuer: 'Bank', name: 'bob', type: 'hotp' },
  ]);
});
afterAll(() => cleanup());

/** A fresh copy of a fixture vault. */
const vault = (text = fixture): Promise<string> => copyVault(dir, text);

const frames = (output: string) => output.split('\x1b[H').length - 1;

describe('kakunin watch', () => {
  it('redraws every second and quits on q (stdin a pipe)', async () => {
    const path = await vault();
    const watch = interactive(['watch', '--vault', path], { env });
    await watch.waitFor((out) => frames(out) >= 2);
    watch.write('q');
    expect(await watch.exit).toBe(0);
    const output = watch.output();
    expect(output).toContain('GitHub (alice)');
    expect(output).toMatch(/\d{3} \d{3}\s+\d+s [█░]{10}/);
    expect(output).toMatch(/Bank \(bob\)\s+HOTP: "kakunin code" gives the next code/);
    expect(output.endsWith(LEAVE)).toBe(true);
  });

  it.runIf(HAS_SCRIPT)('in a terminal: colour, raw keys (q without Enter), terminal restored', async () => {
    const path = await vault();
    const watch = interactive(['watch', 'git', '--vault', path], { env, pty: true });
    await watch.waitFor((out) => frames(out) >= 2);
    watch.write('q');
    expect(await watch.exit).toBe(0);
    expect(watch.output()).toMatch(SGR_COLOUR);
    expect(watch.output()).not.toContain('Bank');
    expect(watch.output()).toContain(LEAVE);
  });

  it.runIf(HAS_SCRIPT)('in a terminal with NO_COLOR: no colour, and Ctrl-C also quits cleanly', async () => {
    const path = await vault();
    const watch = interactive(['watch', '--vault', path], { env: { ...env, NO_COLOR: '1' }, pty: true });
    await watch.waitFor((out) => frames(out) >= 1);
    watch.write('\x03');
    expect(await watch.exit).toBe(0);
    expect(watch.output()).not.toMatch(SGR_COLOUR);
    expect(watch.output()).toContain(LEAVE);
  });
});

describe('colour', () => {
  it('is off for pipes, on with FORCE_COLOR, and NO_COLOR wins', async () => {
    const path = await vault();
    const args = ['code', 'github', '--vault', path];
    expect((await kakunin(args, { env })).stdout).not.toMatch(SGR_COLOUR);
    expect((await kakunin(args, { env: { ...env, FORCE_COLOR: '1' } })).stdout).toMatch(SGR_COLOUR);
    expect((await kakunin(args, { env: { ...env, FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(
      SGR_COLOUR,
    );
  });
});

describe.runIf(HAS_SCRIPT)('prompts on a terminal', () => {
  it('init asks for the password twice without echoing it', async () => {
    const path = join(dir, 'prompted.json');
    const init = interactive(['init', '--vault', path], { pty: true });
    await init.waitFor((out) => out.includes('New vault password'));
    init.write('s3cret-words\r');
    await init.waitFor((out) => out.includes('Repeat the new password'));
    init.write('s3cret-words\r');
    expect(await init.exit).toBe(0);
    expect(init.output()).toContain(`Created a new vault at ${path}.`);
    expect(init.output()).not.toContain('s3cret-words');
    const list = await kakunin(['list', '--json', '--vault', path], {
      env: { KAKUNIN_PASSWORD: 's3cret-words' },
    });
    expect(list.stdout).toBe('[]\n');
  });

  it('init stops when the two passwords differ, writing nothing', async () => {
    const path = join(dir, 'mismatch.json');
    const init = interactive(['init', '--vault', path], { pty: true });
    await init.waitFor((out) => out.includes('New vault password'));
    init.write('one\r');
    await init.waitFor((out) => out.includes('Repeat the new password'));
    init.write('two\r');
    expect(await init.exit).toBe(1);
    expect(init.output()).toContain('The passwords do not match. Nothing was changed.');
    await expect(stat(path)).rejects.toThrow();
  });

  it('rm asks for the vault password, then confirms with the reminder (default: keep)', async () => {
    const path = await vault();
    const keep = interactive(['rm', 'github', '--vault', path], { pty: true });
    await keep.waitFor((out) => out.includes('Vault password'));
    keep.write(`${PASSWORD}\r`);
    await keep.waitFor((out) => out.includes('only after the account works on the new device'));
    keep.write('\r');
    expect(await keep.exit).toBe(0);
    expect(keep.output()).toContain('Nothing was removed.');
    expect(await readFile(path, 'utf8')).toBe(fixture);

    const remove = interactive(['rm', 'github', '--vault', path], { env, pty: true });
    await remove.waitFor((out) => out.includes('only after the account works on the new device'));
    remove.write('y');
    expect(await remove.exit).toBe(0);
    expect(remove.output()).toContain('Removed GitHub (alice).');
  });

  it('import asks for the password of an encrypted file', async () => {
    const source = await vault();
    const backup = join(dir, 'backup.json');
    await kakunin(['export', '--format', 'aegis', '--out', backup, '--vault', source], { env });
    const target = await vault(await vaultText([]));
    const run = interactive(['import', backup, '--vault', target], { env, pty: true });
    await run.waitFor((out) => out.includes('Password of backup.json'));
    run.write(`${PASSWORD}\r`);
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain('Imported 2, skipped 0, failed 0.');
  });
});
