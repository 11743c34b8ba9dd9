/**
 * End-to-end timings of the BUILT `kakunin` (node apps/cli/bin/kakunin.js) on a 1,000-account vault:
 * Node start-up alone, CLI start-up (`--version`), `code <query>` (target ≤ 400 ms median), `list`, and
 * `import` of a 1,000-account Aegis export (target ≤ 2 s). Fixtures are made with the workspace packages.
 * Run: npm run bench -w apps/cli   (builds the CLI first)
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportAegis } from '@kakunin/interop';
import { createAccount } from '@kakunin/otp';
import { createVault, openVault } from '@kakunin/vault';

const BIN = fileURLToPath(new URL('../bin/kakunin.js', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 15);
const PASSWORD = 'benchmark password';
const dir = mkdtempSync(join(tmpdir(), 'kakunin-bench-'));

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Median and spread of the wall time of a command, after one warm-up run. */
function time(
  label: string,
  argv: string[],
  before?: () => void,
): { label: string; median: number; min: number; max: number } {
  const env = { ...process.env, KAKUNIN_PASSWORD: PASSWORD, NO_COLOR: '1' };
  const samples: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    before?.();
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, argv, { env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) throw new Error(`${label} failed: ${run.stderr}`);
    if (i > 0) samples.push(ms);
  }
  return { label, median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

const accounts = Array.from({ length: 1000 }, (_, i) =>
  createAccount({
    secret: randomBytes(20),
    issuer: i === 500 ? 'GitHub' : `Service ${i}`,
    name: `user${i}@example.com`,
  }),
);
const vault = await createVault(PASSWORD);
for (const account of accounts) vault.add(account);
const vaultPath = join(dir, 'vault.json');
const vaultJSON = await vault.serialize();
writeFileSync(vaultPath, vaultJSON);
const emptyVault = await (await createVault(PASSWORD)).serialize();
const importPath = join(dir, 'aegis-1000.json');
writeFileSync(importPath, await exportAegis(accounts));
const targetPath = join(dir, 'target.json');

const opens: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  await openVault(vaultJSON, PASSWORD);
  opens.push(performance.now() - start);
}

const rows = [
  time('node -e "" (Node start-up alone)', ['-e', '']),
  time('kakunin --version (CLI start-up)', [BIN, '--version']),
  time('kakunin code github (1,000 accounts)', [BIN, 'code', 'github', '--vault', vaultPath]),
  time('kakunin list --json (1,000 accounts)', [BIN, 'list', '--json', '--vault', vaultPath]),
  time(
    'kakunin import aegis-1000.json (plain Aegis, into an empty vault)',
    [BIN, 'import', importPath, '--vault', targetPath],
    () => writeFileSync(targetPath, emptyVault),
  ),
];
rmSync(dir, { recursive: true, force: true });

console.log(
  `Node ${process.version}, ${RUNS} runs each after one warm-up; wall time of the whole process.\n`,
);
console.log('| command | median | min | max |\n|---|---:|---:|---:|');
for (const { label, median: m, min, max } of rows) {
  console.log(`| ${label} | ${m.toFixed(0)} ms | ${min.toFixed(0)} ms | ${max.toFixed(0)} ms |`);
}
console.log(
  `\nopenVault alone (scrypt N=2^15 + decrypt, in-process), median of 5: ${median(opens).toFixed(0)} ms`,
);
