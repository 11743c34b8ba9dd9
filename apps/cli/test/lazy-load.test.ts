import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, PASSWORD, REPO, tempDir, vaultText } from './harness.js';

let dir: string;
let cleanup: () => Promise<void>;
let vault: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  vault = join(dir, 'vault.json');
  await writeFile(vault, await vaultText([{ issuer: 'GitHub', name: 'alice' }]));
});
afterAll(() => cleanup());

/** The module URLs a command resolves while it runs. */
async function modulesLoadedBy(args: string[]): Promise<string> {
  const trace = join(dir, `trace-${args[0]}.txt`);
  const hook = fileURLToPath(new URL('./fixtures/trace-modules.mjs', import.meta.url));
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const env = { ...baseEnv(dir), KAKUNIN_PASSWORD: PASSWORD, KAKUNIN_TRACE_MODULES: trace };
  const node = ['--conditions=@kakunin/source', '--import', hook, '--import', 'tsx', main, ...args];
  const run = spawnSync(process.execPath, node, { cwd: REPO, env, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return readFile(trace, 'utf8');
}

// Start-up time matters most for `code`: heavy libraries load only in the commands that use them.
describe('lazy loading', () => {
  it('`code` loads neither the QR libraries, the importers, protobuf nor the prompt library', async () => {
    const loaded = await modulesLoadedBy(['code', 'github', '--vault', vault]);
    expect(loaded).toContain('/commands/code.ts');
    expect(loaded).toContain('packages/otp/src/core.ts');
    const heavy = ['zxing-wasm', '/qrcode/', '@clack', '@bufbuild', '/commands/export.ts'];
    for (const module of heavy) {
      expect(loaded).not.toContain(module);
    }
    // Of the import package, only the list of format names (for the option's help) is read.
    const interop = loaded.split('\n').filter((url) => url.includes('packages/interop'));
    expect(interop.filter((url) => !url.endsWith('packages/interop/src/format-ids.ts'))).toEqual([]);
  });

  it('`export --qr` does load the QR encoder (and `add` of a migration URI, protobuf)', async () => {
    const loaded = await modulesLoadedBy(['export', 'github', '--qr', '--vault', vault]);
    expect(loaded).toContain('/qrcode/');
    const migration =
      'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC';
    expect(await modulesLoadedBy(['add', migration, '--vault', vault])).toContain('@bufbuild');
  });
});
