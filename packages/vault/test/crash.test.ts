import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAccount } from '@kakunin/otp';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault, openVault } from '../src/index.js';
import { rememberingScrypt } from './helpers.js';

const KILLS = 30;
const PARALLEL = 3;
const scrypt = rememberingScrypt();
let dir: string;
let texts: string[];

// The writer runs the real saveVaultFile and nodeFileSystem, transpiled to plain JavaScript once so
// that each of the many processes starts in milliseconds (inside the package, so imports resolve).
const WRITER = `
import { readFileSync } from 'node:fs';
import { saveVaultFile } from './vault-file-system.js';
import { nodeFileSystem } from './node.js';
const [path, ...sources] = process.argv.slice(2);
const texts = sources.map((source) => readFileSync(source, 'utf8'));
for (let i = 0; ; i++) {
  await saveVaultFile(nodeFileSystem, path, texts[i % texts.length]);
  if (i === 0) process.stdout.write('ready\\n');
}
`;
let writer: string;

async function buildWriter(): Promise<string> {
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  const out = join(fileURLToPath(new URL('../.tmp/', import.meta.url)), `crash-${process.pid}`);
  await mkdir(out, { recursive: true });
  for (const name of ['encoding', 'errors', 'random', 'vault-file-system', 'node']) {
    const source = await readFile(join(src, `${name}.ts`), 'utf8');
    const options = {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    };
    await writeFile(
      join(out, `${name}.js`),
      ts.transpileModule(source, { compilerOptions: options }).outputText,
    );
  }
  await writeFile(join(out, 'writer.mjs'), WRITER);
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kakunin-crash-'));
  writer = await buildWriter();
  // Two versions of one vault, large enough (about 150 KB) that a kill often lands mid-write.
  const vault = await createVault('crash', { scrypt });
  for (let i = 0; i < 400; i++) {
    vault.add(
      createAccount({
        secret: Uint8Array.of(i & 0xff, i >> 8, 1, 2, 3),
        issuer: `Service ${i}`,
        name: `user${i}`,
      }),
    );
  }
  const first = await vault.serialize();
  vault.add(createAccount({ secret: Uint8Array.of(9), issuer: 'Second version', name: 'new' }));
  texts = [first, await vault.serialize()];
  await Promise.all(texts.map((text, i) => writeFile(join(dir, `source${i}.json`), text)));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(writer, { recursive: true, force: true });
});

/** Starts a process that saves the two versions in turn; resolves once its first save is done. */
function startWriter(path: string): Promise<ChildProcess> {
  const args = [join(writer, 'writer.mjs'), path, join(dir, 'source0.json'), join(dir, 'source1.json')];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    child.stdout!.once('data', () => resolve(child));
  });
}

const killed = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    child.removeAllListeners('exit');
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('killing the writing process', () => {
  it(`leaves a vault with the old or the new content, ${KILLS} random kills`, {
    timeout: 60_000,
  }, async () => {
    let interruptedWrites = 0;
    const runs = Array.from({ length: PARALLEL }, async (_, lane) => {
      const path = join(dir, `vault${lane}.json`);
      await writeFile(path, texts[0]!);
      for (let kill = lane; kill < KILLS; kill += PARALLEL) {
        const child = await startWriter(path);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
        await killed(child);
        const text = await readFile(path, 'utf8');
        expect(texts.indexOf(text), `vault after kill ${kill}`).toBeGreaterThanOrEqual(0);
        expect(texts).toContain(await readFile(`${path}.bak`, 'utf8'));
        const temps = (await readdir(dir)).filter(
          (name) => name.startsWith(`vault${lane}.json.`) && name.endsWith('.tmp') && !name.includes('.bak.'),
        );
        if (temps.length > 0) interruptedWrites++;
        for (const temp of temps) await rm(join(dir, temp), { force: true });
      }
      // And the file a kill left behind really opens.
      const vault = await openVault(await readFile(path, 'utf8'), 'crash', { scrypt });
      expect(vault.entries().length).toBeGreaterThanOrEqual(400);
    });
    await Promise.all(runs);
    // The kills did land in the middle of saves (a temporary file was left behind), not only between them.
    expect(interruptedWrites).toBeGreaterThan(0);
  });
});
