import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, kakunin, PASSWORD, tempDir, vaultText } from './harness.js';

// The installed command runs the bundle `npm run build` makes from the compiled packages (dist/bundle),
// not the one the other tests make from the sources: it must give the same answers.
const BIN = fileURLToPath(new URL('../bin/kakunin.js', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let vault: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  vault = join(dir, 'vault.json');
  await writeFile(vault, await vaultText([{ issuer: 'GitHub', name: 'alice' }]));
});
afterAll(() => cleanup());

const built = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    env: { ...baseEnv(dir), KAKUNIN_PASSWORD: PASSWORD },
    encoding: 'utf8',
  });

describe('the built command', () => {
  it('prints the same codes as the sources', async () => {
    const args = ['code', 'github', '--json', '--at', '1700000000', '--vault', vault];
    const run = built(args);
    expect(run.status, run.stderr).toBe(0);
    const fromSources = await kakunin(args, { env: { HOME: dir, KAKUNIN_PASSWORD: PASSWORD } });
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(fromSources.stdout));
    expect(JSON.parse(run.stdout)).toHaveLength(1);
  });

  it('loads a library left outside the bundle: a QR code written and read back', () => {
    const png = join(dir, 'github.png');
    const exported = built(['export', 'github', '--qr', '--out', png, '--vault', vault]);
    expect(exported.status, exported.stderr).toBe(0);
    const added = built(['add', '--qr', png, '--vault', vault]);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/skipped: GitHub \(alice\)/);
  });
});
