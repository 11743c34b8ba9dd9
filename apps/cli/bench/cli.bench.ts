/**
 * End-to-end timings of the BUILT `kakunin` (node apps/cli/bin/kakunin.js) on a 1,000-account vault:
 * Node start-up alone, CLI start-up (`--version`), `code <query>` (target ≤ 400 ms median), `list`, and
 * `import` of a 1,000-account Aegis export (target ≤ 2 s). Fixtures are made with the workspace packages.
 * Run: npm run bench -w apps/cli   (builds the CLI first)
 * BENCH_BASELINE_BIN=<another checkout>/apps/cli/bin/kakunin.js also times that build's `code github`
 * against this one's, alternating, and prints the ratio; RUNS sets the runs per command (15).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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

// GNU time reports the child's CPU time (user + system), which a busy machine disturbs far less than
// wall time; the table gives both.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Timing {
  label: string;
  median: number;
  min: number;
  max: number;
  cpu: number | null;
}

// NODE_EXTRA_CA_CERTS makes every Node process read and parse a CA bundle when it starts (20–60 ms
// of CPU on some machines), which has nothing to do with kakunin: it is left out of the runs.
const { NODE_EXTRA_CA_CERTS: _, ...inherited } = process.env;
const ENV = { ...inherited, KAKUNIN_PASSWORD: PASSWORD, NO_COLOR: '1' };

/** One run of `node argv`: its wall time and, with GNU time, its CPU time (user + system), in ms. */
function runOnce(
  label: string,
  argv: string[],
  env: NodeJS.ProcessEnv = ENV,
): { ms: number; cpu: number | null } {
  const start = process.hrtime.bigint();
  const run = GNU_TIME
    ? spawnSync(GNU_TIME, ['-f', '%U %S', process.execPath, ...argv], { env, encoding: 'utf8' })
    : spawnSync(process.execPath, argv, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${label} failed: ${run.stderr}`);
  const [user, system] = (run.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  const cpu = GNU_TIME && user !== undefined && system !== undefined ? (user + system) * 1000 : null;
  return { ms, cpu };
}

/** Median and spread of the wall time (and median CPU time) of a command, after one warm-up run. */
function time(label: string, argv: string[], before?: () => void, env: NodeJS.ProcessEnv = ENV): Timing {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    before?.();
    const run = runOnce(label, argv, env);
    if (i === 0) continue;
    wall.push(run.ms);
    if (run.cpu !== null) cpu.push(run.cpu);
  }
  const cpuMedian = cpu.length > 0 ? median(cpu) : null;
  return { label, median: median(wall), min: Math.min(...wall), max: Math.max(...wall), cpu: cpuMedian };
}

/** Median CPU of `args` run by `baseline` and by this build, alternating, after a warm-up of each. */
function compare(baseline: string, args: string[]): { baseline: number; current: number } {
  const cpu = { baseline: [] as number[], current: [] as number[] };
  for (let i = 0; i <= RUNS; i++) {
    for (const [which, bin] of [
      ['baseline', baseline],
      ['current', BIN],
    ] as const) {
      const run = runOnce(which, [bin, ...args]);
      if (i > 0 && run.cpu !== null) cpu[which].push(run.cpu);
    }
  }
  return { baseline: median(cpu.baseline), current: median(cpu.current) };
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

// scrypt as the vault runs it (node:crypto, asynchronous, the slot's N, r, p and memory limit), in a
// process of its own: with Node's start-up, the floor under `kakunin code`.
const BARE_SCRYPT = `require('node:crypto').scrypt('x', Buffer.alloc(32), 32,
  { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (error) => { if (error) throw error; });`;

const HUGE_PAGES = 'glibc.malloc.hugetlb=1';
const rows = [
  time('node -e "" (Node start-up alone)', ['-e', '']),
  time('node -e "scrypt(N=2^15, r=8, p=1)" (Node start-up + scrypt)', ['-e', BARE_SCRYPT]),
  time('kakunin --version (CLI start-up)', [BIN, '--version']),
  time('kakunin code github (1,000 accounts)', [BIN, 'code', 'github', '--vault', vaultPath]),
  // scrypt's 32 MiB in huge pages (docs/benchmarks.md): glibc reads the setting when a process starts.
  ...(process.platform === 'linux'
    ? [
        time(`kakunin code github, ${HUGE_PAGES}`, [BIN, 'code', 'github', '--vault', vaultPath], undefined, {
          ...ENV,
          GLIBC_TUNABLES: HUGE_PAGES,
        }),
      ]
    : []),
  time('kakunin list --json (1,000 accounts)', [BIN, 'list', '--json', '--vault', vaultPath]),
  time(
    'kakunin import aegis-1000.json (plain Aegis, into an empty vault)',
    [BIN, 'import', importPath, '--vault', targetPath],
    () => writeFileSync(targetPath, emptyVault),
  ),
];
// BENCH_BASELINE_BIN, another build's bin/kakunin.js (a checkout of an earlier commit, built): its
// `code github` and this one's, alternating run by run, for a ratio that one machine's speed cancels out of.
const BASELINE = process.env.BENCH_BASELINE_BIN;
const compared = BASELINE ? compare(BASELINE, ['code', 'github', '--vault', vaultPath]) : null;
rmSync(dir, { recursive: true, force: true });

const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
console.log(`Node ${process.version}, ${RUNS} runs each after one warm-up; load average ${load}.\n`);
console.log('| command | median wall | min | max | median CPU (user+sys) |\n|---|---:|---:|---:|---:|');
for (const { label, median: m, min, max, cpu } of rows) {
  const cpuText = cpu === null ? 'n/a' : `${cpu.toFixed(0)} ms`;
  console.log(`| ${label} | ${m.toFixed(0)} ms | ${min.toFixed(0)} ms | ${max.toFixed(0)} ms | ${cpuText} |`);
}
console.log(
  `\nopenVault alone (scrypt N=2^15 + decrypt, in-process), median of 5: ${median(opens).toFixed(0)} ms`,
);
if (compared) {
  console.log(
    `\nkakunin code github, ${RUNS} runs of each build alternating, median CPU: ${BASELINE} ${compared.baseline.toFixed(0)} ms, this build ${compared.current.toFixed(0)} ms, ratio ${(compared.current / compared.baseline).toFixed(3)}`,
  );
}
